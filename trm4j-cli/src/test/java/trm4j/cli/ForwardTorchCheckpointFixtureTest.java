package trm4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trm4j.checkpoint.Checkpoints;
import trm4j.io.RawTensor;
import trm4j.io.TorchCheckpoint;
import trm4j.io.Safetensors;
import trm4j.testing.SharedFiles;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code trm forward --weights <torch.save file>}: every official checkpoint file in shared/torch-ckpt gives the
 * logits of the same weights given as safetensors, and, with the float32 H_init/L_init of the parity fixture put
 * back (the files hold them rounded to bfloat16, the official default forward_dtype), the parity eval logits.
 */
class ForwardTorchCheckpointFixtureTest {
    @TempDir Path tmp;

    private static Map<String, RawTensor> forward(String arch, Path weights, Path batch, Path out) throws IOException {
        StringWriter err = new StringWriter();
        int rc = ForwardCommandFixtureTest.run(err, "forward", "--arch-config", arch, "--weights", weights.toString(),
                "--batch", batch.toString(), "--out", out.toString());
        assertEquals(0, rc, weights + ": " + err);
        return Safetensors.read(out);
    }

    private static float[] bf16(float[] v) {
        float[] r = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            int u = Float.floatToRawIntBits(v[i]);
            r[i] = Float.intBitsToFloat(((u + 0x7fff + ((u >>> 16) & 1)) >>> 16) << 16);
        }
        return r;
    }

    private static double maxDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double w = 0;
        for (int i = 0; i < a.length; i++) w = Math.max(w, Math.abs(a[i] - b[i]));
        return w;
    }

    @Test
    void everyTorchFileReproducesTheParityEvalLogits() throws IOException {
        Path ck = SharedFiles.require("torch-ckpt");
        Path parity = SharedFiles.require("parity");
        List<Path> files;
        try (Stream<Path> s = Files.list(ck)) {
            files = s.filter(p -> !p.getFileName().toString().endsWith(".md") && !p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(files.size() >= 7, "expected the 7 torch.save fixtures, found " + files);
        for (Path f : files) {
            String file = f.getFileName().toString(), name = file.substring(0, file.indexOf('.'));
            Map<String, RawTensor> act = Safetensors.read(parity.resolve(name + ".act.safetensors"));
            Map<String, RawTensor> batch = new LinkedHashMap<>();
            for (String k : new String[]{"inputs", "labels", "puzzle_identifiers"}) batch.put(k, act.get("batch1." + k));
            Path batchFile = tmp.resolve(name + ".batch.safetensors"), out = tmp.resolve(file + ".out.safetensors");
            Safetensors.write(batchFile, batch);
            String arch = parity.resolve(name + ".json").toString();
            boolean mlpT = new ObjectMapper().readTree(parity.resolve(name + ".json").toFile()).get("arch_config").get("mlp_t").asBoolean();
            double tol = mlpT ? 2e-4 : 2e-5;

            // A: the torch file as it is (H_init/L_init in bfloat16).
            Map<String, RawTensor> a = forward(arch, f, batchFile, tmp.resolve(file + ".a.safetensors"));
            Map<String, RawTensor> ref = Safetensors.read(parity.resolve(name + ".model.safetensors"));
            // C: every tensor as the torch reader gives it, but H_init/L_init in the parity's float32: the parity logits.
            Map<String, RawTensor> read = TorchCheckpoint.stripCompilePrefix(Checkpoints.readWeights(f));
            Map<String, RawTensor> exact = new LinkedHashMap<>();
            read.forEach((k, v) -> exact.put(k, RawTensor.ofFloats(v.toFloats(), v.shape())));
            assertEquals(new java.util.TreeSet<>(ref.keySet().stream().filter(k -> !k.contains("rotary_emb")).toList()),
                    new java.util.TreeSet<>(exact.keySet()), file + ": tensor names");
            for (String k : exact.keySet()) {
                boolean init = k.endsWith("H_init") || k.endsWith("L_init");
                float[] want = init ? bf16(ref.get(k).toFloats()) : ref.get(k).toFloats();
                assertArrayEquals(want, exact.get(k).toFloats(), file + ": " + k + (init ? " is the bfloat16 rounding of the parity value" : ""));
                if (init) exact.put(k, ref.get(k));
            }
            Path cFile = tmp.resolve(file + ".c.weights.safetensors");
            Safetensors.write(cFile, exact);
            Map<String, RawTensor> c = forward(arch, cFile, batchFile, tmp.resolve(file + ".c.safetensors"));

            int steps = 0;
            for (int step = 1; act.containsKey("eval.step" + step + ".logits"); step++, steps++) {
                String key = "step" + step + ".logits";
                float[] e = act.get("eval." + key).toFloats();
                double worst = maxDiff(e, c.get(key).toFloats()), bf = maxDiff(e, a.get(key).toFloats());
                // the parity README: hold step 1 to the limit; free-running mlp_t steps amplify rounding ×5–×10 per step
                double limit = mlpT ? tol * Math.pow(10, step - 1) : tol;
                assertTrue(worst <= limit, file + " step " + step + ": logits differ from the parity by " + worst + " (limit " + limit + ")");
                // A differs from the parity only by the bfloat16 initial states (up to ≈0.2 here); C has the same
                // tensors with float32 ones, so A's own tensors are right if C matches and A ran on them.
                assertTrue(Double.isFinite(bf), file + " step " + step + ": non-finite logits from the torch file");
                System.out.printf("%s step %d: |C - parity| %.2g, |A - parity| %.2g (bfloat16 H_init/L_init)%n", file, step, worst, bf);
            }
            assertFalse(a.containsKey("step" + (steps + 1) + ".logits"), file + ": ran past halt_max_steps");
            assertTrue(steps >= 1, name + ": no eval steps in the parity file");
        }
    }
}
