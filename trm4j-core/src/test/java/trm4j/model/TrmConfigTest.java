package trm4j.model;

import org.junit.jupiter.api.Test;
import trm4j.io.RawTensor;
import trm4j.nn.Param;
import trm4j.nn.SwiGlu;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The arch config's validation, derived sizes, official initialisation and weight loading errors. */
class TrmConfigTest {
    static Map<String, Object> sudokuArch() {
        Map<String, Object> m = new HashMap<>(Map.of("hidden_size", 512, "num_heads", 8, "expansion", 4, "L_layers", 2,
                "H_cycles", 3, "L_cycles", 6, "seq_len", 81, "vocab_size", 11, "num_puzzle_identifiers", 1, "pos_encodings", "rope"));
        m.put("halt_max_steps", 16);
        m.put("halt_exploration_prob", 0.1);
        m.put("puzzle_emb_ndim", 512);
        return m;
    }

    @Test
    void derivedSizesFollowTheOfficialRules() {
        TrmConfig c = TrmConfig.fromMap(sudokuArch(), "test");
        assertEquals(16, c.puzzleEmbLen(), "official default puzzle_emb_len");
        assertEquals(97, c.totalSeqLen());
        assertEquals(1536, SwiGlu.intermediateSize(512, 4));
        assertEquals(512, SwiGlu.intermediateSize(97, 4));
        assertEquals(2560, SwiGlu.intermediateSize(916, 4));
        assertEquals(256, SwiGlu.intermediateSize(32, 2.5), "round(53.33) = 53 → 256");
        assertEquals(256, SwiGlu.intermediateSize(36, 8), "c2's token mixer");
        Map<String, Object> m = sudokuArch();
        m.put("puzzle_emb_len", 0);
        m.put("puzzle_emb_ndim", 40);
        m.put("hidden_size", 32);
        m.put("num_heads", 2);
        assertEquals(2, TrmConfig.fromMap(m, "test").puzzleEmbLen(), "ceil(40 / 32)");
        assertEquals(6_828_034, new TrmModel(TrmConfig.fromMap(sudokuArch(), "t")).parameterCount(), "paper's Sudoku-Att 7M");
        Map<String, Object> mlp = sudokuArch();
        mlp.put("mlp_t", true);
        mlp.put("pos_encodings", "none");
        assertEquals(5_028_866, new TrmModel(TrmConfig.fromMap(mlp, "t")).parameterCount(), "paper's Sudoku-MLP 5M");
    }

    @Test
    void badConfigsAreOneClearError() {
        Map<String, Object> m = sudokuArch();
        m.remove("H_cycles");
        m.remove("vocab_size");
        var e = assertThrows(IllegalArgumentException.class, () -> TrmConfig.fromMap(m, "cfg.json"));
        assertTrue(e.getMessage().contains("missing arch keys [H_cycles, vocab_size]") && e.getMessage().startsWith("cfg.json"), e.getMessage());
        Map<String, Object> heads = sudokuArch();
        heads.put("num_heads", 7);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrmConfig.fromMap(heads, "c")).getMessage()
                .contains("hidden_size (512) must be divisible by num_heads (7)"));
        Map<String, Object> room = sudokuArch();
        room.put("puzzle_emb_len", 1);
        room.put("puzzle_emb_ndim", 600);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrmConfig.fromMap(room, "c")).getMessage()
                .contains("does not fit"));
        Map<String, Object> cycles = sudokuArch();
        cycles.put("L_cycles", 0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrmConfig.fromMap(cycles, "c")).getMessage()
                .contains("L_cycles must be > 0"));
        Map<String, Object> type = sudokuArch();
        type.put("hidden_size", "big");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrmConfig.fromMap(type, "c")).getMessage()
                .contains("hidden_size must be an integer"));
    }

    @Test
    void unknownKeysWarnAndSidecarsUnwrap() {
        Map<String, Object> m = sudokuArch();
        m.put("colour", "blue");
        m.put("H_layers", 0);
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        try {
            TrmConfig.fromMap(Map.of("arch_config", m), "sidecar.json");
        } finally {
            System.setErr(old);
        }
        assertTrue(err.toString().contains("unknown arch key 'colour' ignored"), err.toString());
        assertFalse(err.toString().contains("H_layers"), "official keys the model ignores are silent");
    }

    @Test
    void officialInitialisation() {
        TrmModel m = new TrmModel(TrmConfig.fromMap(sudokuArch(), "t"));
        m.initialize(42);
        for (float v : m.qHeadWeight.value) assertEquals(0f, v);
        assertArrayEquals(new float[]{-5f, -5f}, m.qHeadBias.value);
        for (float v : m.puzzleEmb.value) assertEquals(0f, v);
        Param w = m.params().get("model.inner.L_level.layers.0.mlp.down_proj.weight");
        double sd = std(w.value), std = 1 / Math.sqrt(1536);
        assertEquals(std, sd, std * 0.01, "truncated LeCun normal has the requested std");
        double clip = 2 * std / 0.8796256610342398;
        for (float v : w.value) assertTrue(Math.abs(v) <= clip);
        assertEquals(1.0, std(m.hInit.value), 0.1);
        for (float v : m.hInit.value) assertEquals(v, TruncatedNormal.bf16(v), "H_init made in bfloat16");
        TrmModel again = new TrmModel(m.config);
        again.initialize(42);
        assertArrayEquals(w.value, again.params().get(w.name).value, "seeded");
    }

    @Test
    void weightLoadingListsMissingExtraAndMisShapedTensorsAndAcceptsTheCompilePrefix() {
        Map<String, Object> a = sudokuArch();
        a.put("hidden_size", 16);
        a.put("num_heads", 2);
        a.put("puzzle_emb_ndim", 16);
        TrmModel m = new TrmModel(TrmConfig.fromMap(a, "t"));
        m.initialize(1);
        Map<String, RawTensor> t = new LinkedHashMap<>();
        TrmWeights.toTensors(m).forEach((k, v) -> t.put("_orig_mod." + k, v));
        TrmModel back = new TrmModel(m.config);
        TrmWeights.load(back, t, "ckpt");
        assertArrayEquals(m.lmHead.value, back.lmHead.value);
        t.remove("_orig_mod.model.inner.lm_head.weight");
        t.put("_orig_mod.model.inner.H_init", RawTensor.ofFloats(new float[3], 3));
        t.put("_orig_mod.model.inner.extra", RawTensor.ofFloats(new float[1], 1));
        String msg = assertThrows(IllegalArgumentException.class, () -> TrmWeights.load(back, t, "ckpt")).getMessage();
        assertTrue(msg.contains("missing [model.inner.lm_head.weight]"), msg);
        assertTrue(msg.contains("model.inner.H_init is [3], expected [16]"), msg);
        assertTrue(msg.contains("unexpected [model.inner.extra]"), msg);
    }

    static double std(float[] v) {
        double s = 0, s2 = 0;
        for (float x : v) { s += x; s2 += (double) x * x; }
        double mean = s / v.length;
        return Math.sqrt(s2 / v.length - mean * mean);
    }
}
