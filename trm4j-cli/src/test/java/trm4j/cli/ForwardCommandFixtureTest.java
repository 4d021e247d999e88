package trm4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trm4j.io.RawTensor;
import trm4j.io.Safetensors;
import trm4j.testing.SharedFiles;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** {@code trm forward} on the official c1 fixture reproduces the recorded eval steps; bad input is one line. */
class ForwardCommandFixtureTest {
    @TempDir Path tmp;

    static int run(StringWriter err, String... args) {
        var cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void reproducesTheOfficialEvalStepsAndRejectsBadBatches() throws Exception {
        Path dir = SharedFiles.require("parity");
        String name = "c1_attn_rope_pemb";
        Map<String, RawTensor> act = Safetensors.read(dir.resolve(name + ".act.safetensors"));
        Map<String, RawTensor> batch = new LinkedHashMap<>();
        for (String k : new String[]{"inputs", "labels", "puzzle_identifiers"}) batch.put(k, act.get("batch1." + k));
        Path batchFile = tmp.resolve("batch.safetensors"), out = tmp.resolve("out.safetensors");
        Safetensors.write(batchFile, batch);
        String[] base = {"forward", "--arch-config", dir.resolve(name + ".json").toString(),
                "--weights", dir.resolve(name + ".model.safetensors").toString(), "--out", out.toString()};
        StringWriter err = new StringWriter();
        assertEquals(0, run(err, concat(base, "--batch", batchFile.toString())), err.toString());
        Map<String, RawTensor> got = Safetensors.read(out);
        for (int step = 1; step <= 4; step++) {
            float[] e = act.get("eval.step" + step + ".logits").toFloats(), g = got.get("step" + step + ".logits").toFloats();
            double worst = 0;
            for (int i = 0; i < e.length; i++) worst = Math.max(worst, Math.abs(e[i] - g[i]));
            assertTrue(worst < 1e-5, "step " + step + " logits differ by " + worst);
            assertArrayEquals(act.get("eval.step" + step + ".preds").toInts(), got.get("step" + step + ".preds").toInts());
            assertEquals(act.get("eval.step" + step + ".loss").toDoubles()[0], got.get("step" + step + ".loss").toDoubles()[0], 1e-5);
        }
        assertFalse(got.containsKey("step5.logits"), "eval stops when all halted (halt_max_steps = 4)");

        // A token id outside the vocabulary: one line naming the file, the position and the limit.
        int[] bad = act.get("batch1.inputs").toInts();
        bad[5] = 99;
        batch.put("inputs", RawTensor.ofInts(bad, 4, 16));
        Safetensors.write(batchFile, batch);
        err = new StringWriter();
        assertEquals(2, run(err, concat(base, "--batch", batchFile.toString())));
        assertTrue(err.toString().contains("inputs[0, 5] = 99") && err.toString().contains("vocab_size"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());

        // A missing tensor.
        batch.remove("inputs");
        Safetensors.write(batchFile, batch);
        err = new StringWriter();
        assertEquals(2, run(err, concat(base, "--batch", batchFile.toString())));
        assertTrue(err.toString().contains("missing tensor 'inputs'"), err.toString());
    }

    static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
