package trm4j.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trm4j.checkpoint.ArchInference;
import trm4j.checkpoint.Checkpoints;
import trm4j.io.RawTensor;
import trm4j.model.Losses;
import trm4j.model.MemoryEstimate;
import trm4j.model.TrmConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Hostile configs of issue 14: each was truncated, ignored, or crashed with an internal error or a huge line. */
class HostileConfigTest {
    @TempDir Path dir;

    private static String refused(Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    private static TrmConfig arch(Map<String, Object> changes) {
        Map<String, Object> m = new LinkedHashMap<>(Map.of("hidden_size", 64, "num_heads", 2, "expansion", 4, "L_layers", 2,
                "H_cycles", 3, "L_cycles", 6, "seq_len", 81, "vocab_size", 11, "num_puzzle_identifiers", 1, "pos_encodings", "rope"));
        m.put("halt_max_steps", 16);
        m.put("halt_exploration_prob", 0.1);
        m.put("puzzle_emb_ndim", 64);
        m.putAll(changes);
        return TrmConfig.fromMap(m, "arch");
    }

    @Test
    void integersAreExactNeverTruncated() {
        // 2^32 + 50 used to become 50 and train a different model
        String m = refused(() -> arch(Map.of("hidden_size", 4294967346L)));
        assertTrue(m.contains("hidden_size = 4294967346 is out of range"), m);
        assertTrue(refused(() -> arch(Map.of("hidden_size", 64.5))).contains("hidden_size must be an integer"));
        assertTrue(refused(() -> ConfigOverrides.parse(List.of("epochs=99999999999999999999999"))).contains("out of the 64-bit range"));
        assertEquals(64, arch(Map.of("hidden_size", "64")).hidden_size(), "a string holding an integer is that integer");
    }

    @Test
    void aStringHiddenSizeIsReadNotCastWhenTheWeightsCompleteTheArch() {
        Map<String, RawTensor> w = Map.of("model.inner.embed_tokens.embedding_weight", RawTensor.ofFloats(new float[11 * 64], 11, 64));
        Map<String, Object> a = ArchInference.complete(new LinkedHashMap<>(Map.of("hidden_size", "64")), w);
        assertEquals("64", a.get("hidden_size"));
        String m = refused(() -> ArchInference.complete(new LinkedHashMap<>(Map.of("hidden_size", "sixty-four")), w));
        assertTrue(m.contains("hidden_size must be an integer, got 'sixty-four'"), m);
        assertTrue(refused(() -> ArchInference.complete(new LinkedHashMap<>(Map.of("hidden_size", 0)), w)).contains("hidden_size must be > 0"));
    }

    @Test
    void unknownPositionEncodingsAreRefusedNotSilentlyNone() {
        assertTrue(refused(() -> arch(Map.of("pos_encodings", "roep"))).contains("pos_encodings must be rope, learned or none, got 'roep'"));
        for (String ok : List.of("rope", "learned", "none")) assertEquals(ok, arch(Map.of("pos_encodings", ok)).pos_encodings());
    }

    @Test
    void configJsonMustBeOneObjectWithoutDuplicatesOrTrailingText() {
        String good = TrainConfig.defaults().toJson();
        assertEquals(TrainConfig.defaults(), TrainConfig.fromJson(good, "c.json"));
        assertTrue(refused(() -> TrainConfig.fromJson(good + " garbage", "c.json")).startsWith("c.json: not valid JSON"));
        assertTrue(refused(() -> TrainConfig.fromJson("{\"lr\": 1, \"lr\": 2}", "c.json")).contains("Duplicate field 'lr'"));
    }

    @Test
    void deeplyNestedOverrideValuesAreRefusedWithoutAStackOverflow() {
        String m = refused(() -> ConfigOverrides.parse(List.of("evaluators=" + "[".repeat(30_000))));
        assertTrue(m.contains("nested deeper than 64 levels"), m);
        assertTrue(m.length() < 300, m);
        // 60 levels are still a value (a wrong one for this key, said in a short line)
        m = refused(() -> ConfigOverrides.parse(List.of("data_paths=" + "[".repeat(60) + "]".repeat(60))));
        assertTrue(m.length() < 300, m);
    }

    @Test
    void aYamlAliasBombGivesAShortLine() throws Exception {
        // 36 aliases (under SnakeYAML's limit of 50) expand to 9^5 = 59,049 strings in hidden_size
        StringBuilder y = new StringBuilder("arch:\n  a0: &a0 [xxxxxxxx, xxxxxxxx, xxxxxxxx, xxxxxxxx, xxxxxxxx, xxxxxxxx, xxxxxxxx, xxxxxxxx, xxxxxxxx]\n");
        for (int i = 1; i <= 4; i++) {
            y.append("  a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) y.append(j > 0 ? ", " : "").append("*a").append(i - 1);
            y.append("]\n");
        }
        y.append("  hidden_size: *a4\n");
        Path yaml = dir.resolve("all_config.yaml"), ckpt = dir.resolve("model.safetensors");
        Files.writeString(yaml, y);
        trm4j.io.Safetensors.write(ckpt, Map.of("model.inner.embed_tokens.embedding_weight", RawTensor.ofFloats(new float[11 * 64], 11, 64)));
        String m = refused(() -> {
            try {
                Checkpoints.importOfficial(ckpt, yaml, null, null);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertTrue(m.length() < 400, m.length() + " characters: " + m.substring(0, Math.min(200, m.length())));
        assertTrue(m.startsWith(yaml.toString()) && m.contains("hidden_size must be an integer, got [[[[[xxxxxxxx, xxxxxxxx"), m);
    }

    @Test
    void sizesBeyondTheMachineAreRefusedBeforeAllocating() {
        String m = refused(() -> MemoryEstimate.check(arch(Map.of("hidden_size", 12000, "num_heads", 20)), 1, 7, "c.json"));
        assertTrue(m.startsWith("c.json: the model") && m.contains("needs at least") && m.contains("Java heap limit"), m);
        m = refused(() -> MemoryEstimate.check(arch(Map.of("hidden_size", 20000, "num_heads", 20)), 1, 7, "c.json"));
        assertTrue(m.startsWith("c.json: an MLP weight") && m.contains("exceeds the 2^31 elements"), m);
        m = refused(() -> MemoryEstimate.check(arch(Map.of("num_puzzle_identifiers", 30_000_000, "puzzle_emb_ndim", 512)), 1, 7, "c.json"));
        assertTrue(m.contains("2^31 elements of a Java array") || m.contains("needs at least"), m);
        m = refused(() -> MemoryEstimate.check(arch(Map.of()), 2_000_000_000L, 7, "c.json"));
        assertTrue(m.startsWith("c.json: the activations (batch 2000000000"), m);
        MemoryEstimate.check(arch(Map.of("hidden_size", 64, "num_heads", 2)), 64, 7, "small"); // fits
    }

    @Test
    void labelsOutsideTheVocabularyAreAUserError() {
        int B = 1, L = 2, V = 3;
        String m = refused(() -> Losses.compute(new float[B * L * V], new int[]{0, 7}, new float[B], new int[B], new boolean[B],
                B, L, V, 1.0, null, null));
        assertEquals("label 7 at example 0 position 1 is neither a token id in [0, 3) (vocab_size) nor the ignore label -100", m);
    }
}
