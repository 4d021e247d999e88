package trm4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import trm4j.io.DType;
import trm4j.io.RawTensor;
import trm4j.io.Safetensors;
import trm4j.model.TrmConfig;
import trm4j.model.TrmModel;
import trm4j.model.TrmWeights;
import trm4j.testing.SharedFiles;
import trm4j.checkpoint.CheckpointDir;
import trm4j.train.TrainConfig;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static trm4j.cli.CliRun.run;

/** {@code trm convert} on the official torch.save fixtures gives the parity weights and a complete arch config. */
class ConvertCommandFixtureTest {
    @TempDir Path dir;

    private static float bf16Round(float f) {
        int u = Float.floatToRawIntBits(f);
        return Float.intBitsToFloat(((u + 0x7fff + ((u >>> 16) & 1)) >>> 16) << 16);
    }

    @Test
    void convertsEveryConfig() throws IOException {
        Path ck = SharedFiles.require("torch-ckpt");
        for (String name : List.of("c1_attn_rope_pemb", "c2_mlpt_nopos_nopemb", "c3_attn_learned_padpemb", "c4_sudoku_mini_official_init")) {
            Path out = dir.resolve(name);
            List<String> args = new ArrayList<>(List.of("convert", ck.resolve(name + ".step_100").toString(),
                    "--config", ck.resolve(name + ".all_config.yaml").toString(), "--out", out.toString()));
            if (name.startsWith("c1")) args.addAll(List.of("--seq-len", "16")); // attention + RoPE: not in the weights
            String[] r = run(args.toArray(String[]::new));
            assertEquals("0", r[0], name + ": " + r[2]);

            JsonNode want = new ObjectMapper().readTree(SharedFiles.require("parity/" + name + ".json").toFile()).get("arch_config");
            assertEquals(out, CheckpointDir.resolve(out), "a checkpoint directory the trainer/evaluator can open");
            TrainConfig train = TrainConfig.readJson(out.resolve("config.json"));
            TrmConfig c = TrmConfig.fromMap(train.arch(), name);
            assertEquals(want.get("seq_len").asInt(), c.seq_len(), name);
            assertEquals(want.get("vocab_size").asInt(), c.vocab_size(), name);
            assertEquals(want.get("L_layers").asInt(), c.L_layers(), name);
            assertEquals(want.get("hidden_size").asInt(), c.hidden_size(), name);
            if (want.get("puzzle_emb_ndim").asInt() > 0)
                assertEquals(want.get("num_puzzle_identifiers").asInt(), c.num_puzzle_identifiers(), name);
            assertEquals(want.get("pos_encodings").asText(), c.pos_encodings(), name);
            assertEquals(name, train.runName());

            Map<String, RawTensor> got = Safetensors.read(out.resolve("model.safetensors"));
            Map<String, RawTensor> ref = Safetensors.read(SharedFiles.require("parity/" + name + ".model.safetensors"));
            for (var e : got.entrySet()) {
                assertEquals(DType.F32, e.getValue().dtype(), e.getKey());
                float[] g = e.getValue().toFloats(), w = ref.get(e.getKey()).toFloats();
                boolean bf16 = e.getKey().endsWith("H_init") || e.getKey().endsWith("L_init");
                for (int i = 0; i < w.length; i++)
                    assertEquals(bf16 ? bf16Round(w[i]) : w[i], g[i], name + ": " + e.getKey() + "[" + i + "]");
            }
            TrmWeights.load(new TrmModel(c), got, name); // the model accepts the converted weights as they are
        }
    }

    @Test
    void legacyAndUncompiledFilesConvertToo() throws IOException {
        Path ck = SharedFiles.require("torch-ckpt");
        String[] r = run("convert", ck.resolve("c4_sudoku_mini_official_init.legacy.pt").toString(),
                "--config", ck.resolve("c4_sudoku_mini_official_init.all_config.yaml").toString(), "--out", dir.resolve("l").toString());
        assertEquals("0", r[0], r[2]);
        r = run("convert", ck.resolve("c1_attn_rope_pemb.nocompile.pt").toString(), "--arch-config",
                SharedFiles.require("parity/c1_attn_rope_pemb.json").toString(), "--out", dir.resolve("n").toString());
        assertEquals("0", r[0], r[2]);
        assertEquals(16, TrmConfig.fromMap(TrainConfig.readJson(dir.resolve("n/config.json")).arch(), "n").seq_len());
    }

    @Test
    void explainsWhatIsMissingOrWrong() throws IOException {
        Path ck = SharedFiles.require("torch-ckpt");
        Path c1 = ck.resolve("c1_attn_rope_pemb.step_100");
        String[] r = run("convert", c1.toString(), "--config", ck.resolve("c1_attn_rope_pemb.all_config.yaml").toString(),
                "--out", dir.resolve("a").toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("--seq-len"), r[2]);
        r = run("convert", ck.resolve("c3_attn_learned_padpemb.step_100").toString(), "--config",
                ck.resolve("c1_attn_rope_pemb.all_config.yaml").toString(), "--seq-len", "10", "--out", dir.resolve("b").toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("weights do not match the arch config"), r[2]);
        assertEquals(1, r[2].strip().lines().count(), r[2]);
        r = run("convert", c1.toString(), "--out", dir.resolve("c").toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("--config"), r[2]);
        try (var s = Files.list(dir)) { assertEquals(0, s.count(), "no output directory (or temp leftovers) on failure"); }
    }
}
