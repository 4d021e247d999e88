package trm4j.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import trm4j.io.RawTensor;
import trm4j.io.Safetensors;
import trm4j.testing.SharedFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code trm forward} and {@code trm convert} on the official variants' fixtures (shared/parity-variants): the
 * sidecars are taken as they are (the variant named by {@code official_arch_name}); forward reproduces every
 * recorded eval step (logits within the fixtures' tolerance, predictions, steps and halted exactly); convert
 * writes a trm4j checkpoint whose config names the variant and whose weights load back.
 */
class VariantCommandsFixtureTest {
    @TempDir Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"v1_hrm", "v2_trm_singlez", "v3_trm_hier6", "v4_transformer", "v5_trm_mlpt_hier6"})
    void forwardAndConvertTakeTheSidecars(String name) throws Exception {
        Path dir = SharedFiles.require("parity-variants");
        Path sidecar = dir.resolve(name + ".json"), weights = dir.resolve(name + ".model.safetensors");
        Path out = tmp.resolve("out.safetensors");
        String[] r = CliRun.run("forward", "--arch-config", sidecar.toString(), "--weights", weights.toString(),
                "--batch", dir.resolve(name + ".batch.safetensors").toString(), "--out", out.toString());
        assertEquals("0", r[0], r[2]);
        Map<String, RawTensor> got = Safetensors.read(out), expected = Safetensors.read(dir.resolve(name + ".expected.safetensors"));
        for (int step = 1; expected.containsKey("step" + step + ".logits"); step++) {
            String p = "step" + step + ".";
            float[] e = expected.get(p + "logits").toFloats(), g = got.get(p + "logits").toFloats();
            double worst = 0, max = 0;
            for (int i = 0; i < e.length; i++) { worst = Math.max(worst, Math.abs(e[i] - g[i])); max = Math.max(max, Math.abs(e[i])); }
            assertTrue(worst <= 1e-3 + 1e-3 * max, name + " " + p + "logits differ by " + worst);
            for (String k : new String[]{"preds", "carry.steps", "carry.halted"})
                assertArrayEquals(expected.get(p + k).toInts(), got.get(p + k).toInts(), name + " " + p + k);
            for (String k : expected.keySet())
                if (k.startsWith(p + "carry.z")) assertTrue(got.containsKey(k), name + ": forward writes " + k);
        }

        Path ck = tmp.resolve("converted");
        r = CliRun.run("convert", weights.toString(), "--arch-config", sidecar.toString(), "--out", ck.toString());
        assertEquals("0", r[0], r[2]);
        String officialName = String.valueOf(new com.fasterxml.jackson.databind.ObjectMapper()
                .readValue(sidecar.toFile(), Map.class).get("official_arch_name"));
        assertTrue(Files.readString(ck.resolve("config.json")).contains(officialName), "config.json names " + officialName);
        Map<String, RawTensor> back = Safetensors.read(ck.resolve("model.safetensors")), orig = Safetensors.read(weights);
        for (var e : back.entrySet())
            assertArrayEquals(orig.get(e.getKey()).toFloats(), e.getValue().toFloats(), name + ": " + e.getKey());
    }
}
