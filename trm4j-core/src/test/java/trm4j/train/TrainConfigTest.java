package trm4j.train;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class TrainConfigTest {

    /** The README's Sudoku-Extreme MLP command, override list as the shell passes it to pretrain.py. */
    static final List<String> SUDOKU_MLP = List.of("arch=trm", "data_paths=[data/sudoku-extreme-1k-aug-1000]",
            "evaluators=[]", "epochs=50000", "eval_interval=5000", "lr=1e-4", "puzzle_emb_lr=1e-4",
            "weight_decay=1.0", "puzzle_emb_weight_decay=1.0", "arch.mlp_t=True", "arch.pos_encodings=none",
            "arch.L_layers=2", "arch.H_cycles=3", "arch.L_cycles=6", "+run_name=pretrain_mlp_t_sudoku", "ema=True");

    @Test
    void officialDefaults() {
        TrainConfig c = TrainConfig.defaults();
        assertEquals(List.of("data/arc-aug-1000"), c.dataPaths());
        assertEquals(List.of(Map.of("name", "arc@ARC")), c.evaluators());
        assertEquals(768, c.globalBatchSize());
        assertEquals(100000, c.epochs());
        assertEquals(10000, c.evalInterval());
        assertTrue(c.checkpointEveryEval());
        assertEquals(1e-4, c.lr());
        assertEquals(1.0, c.lrMinRatio());
        assertEquals(2000, c.lrWarmupSteps());
        assertEquals(0.9, c.beta1());
        assertEquals(0.95, c.beta2());
        assertEquals(0.1, c.weightDecay());
        assertEquals(0.1, c.puzzleEmbWeightDecay());
        assertEquals(1e-2, c.puzzleEmbLr());
        assertEquals(0, c.seed());
        assertEquals(0, c.minEvalInterval());
        assertFalse(c.ema());
        assertEquals(0.999, c.emaRate());
        assertFalse(c.freezeWeights());
        assertNull(c.runName());
        assertNull(c.checkpointPath());
        assertEquals(512, c.arch().get("puzzle_emb_ndim"));   // ${.hidden_size}
        assertEquals(16, c.arch().get("halt_max_steps"));
        assertEquals("bfloat16", c.arch().get("forward_dtype"));
        assertEquals(Map.of("name", "losses@ACTLossHead", "loss_type", "stablemax_cross_entropy"), c.arch().get("loss"));
        assertEquals(10, c.totalIters());
    }

    @Test
    void sudokuReadmeCommandGivesTheEffectiveConfig() {
        TrainConfig c = ConfigOverrides.parse(SUDOKU_MLP).validate();
        assertEquals(List.of("data/sudoku-extreme-1k-aug-1000"), c.dataPaths());
        assertEquals(List.of(), c.evaluators());
        assertEquals(50000, c.epochs());
        assertEquals(5000, c.evalInterval());
        assertEquals(10, c.totalIters());
        assertEquals(1e-4, c.lr());
        assertEquals(1e-4, c.puzzleEmbLr());
        assertEquals(1.0, c.weightDecay());
        assertEquals(1.0, c.puzzleEmbWeightDecay());
        assertEquals(768, c.globalBatchSize());
        assertTrue(c.ema());
        assertEquals(0.999, c.emaRate());
        assertEquals("pretrain_mlp_t_sudoku", c.runName());
        Map<String, Object> a = c.arch();
        assertEquals(true, a.get("mlp_t"));
        assertEquals("none", a.get("pos_encodings"));
        assertEquals(2, a.get("L_layers"));
        assertEquals(3, a.get("H_cycles"));
        assertEquals(6, a.get("L_cycles"));
        assertEquals(512, a.get("hidden_size"));
        assertEquals(512, a.get("puzzle_emb_ndim"));
        assertEquals(16, a.get("puzzle_emb_len"));
        assertEquals(0.1, a.get("halt_exploration_prob"));
        TrainConfig named = c.withDefaultNames("x");
        assertEquals("Sudoku-extreme-1k-aug-1000-ACT-torch", named.projectName());
        assertEquals(java.nio.file.Path.of("checkpoints", "Sudoku-extreme-1k-aug-1000-ACT-torch", "pretrain_mlp_t_sudoku").toString(),
                named.checkpointPath());
    }

    @Test
    void quotedListsAndInterpolationFollowHiddenSize() {
        TrainConfig c = ConfigOverrides.parse(List.of("data_paths=\"[a/b, 'c d']\"", "evaluators=\"[]\"",
                "arch.hidden_size=64", "+arch.rms_norm_eps=1e-5", "arch.loss.loss_type=softmax_cross_entropy",
                "seed=7", "checkpoint_every_eval=false", "eval_interval=null", "epochs=1e3"));
        assertEquals(List.of("a/b", "c d"), c.dataPaths());
        assertEquals(List.of(), c.evaluators());
        assertEquals(64, c.arch().get("puzzle_emb_ndim"));
        assertEquals(1e-5, c.arch().get("rms_norm_eps"));
        assertEquals("softmax_cross_entropy", ((Map<?, ?>) c.arch().get("loss")).get("loss_type"));
        assertEquals(7, c.seed());
        assertFalse(c.checkpointEveryEval());
        assertNull(c.evalInterval());
        assertEquals(1000, c.epochs());
        assertEquals(1, c.totalIters());
        // an explicit puzzle_emb_ndim wins over the interpolation
        assertEquals(0, ConfigOverrides.parse(List.of("arch.puzzle_emb_ndim=0")).arch().get("puzzle_emb_ndim"));
        // apply() on an existing config; arch=trm resets the architecture to its defaults first
        TrainConfig d = ConfigOverrides.apply(c, List.of("lr=3e-4", "evaluators=[{name: arc@ARC, submission_K: 2}]"));
        assertEquals(3e-4, d.lr());
        assertEquals(64, d.arch().get("hidden_size"));
        assertEquals(List.of(Map.of("name", "arc@ARC", "submission_K", 2)), d.evaluators());
        assertEquals(512, ConfigOverrides.apply(c, List.of("arch.L_cycles=2", "arch=trm")).arch().get("hidden_size"));
    }

    /** Each official arch group loads its own config/arch/*.yaml defaults. */
    @Test
    void variantGroupsLoadTheirOfficialDefaults() {
        TrainConfig hrm = ConfigOverrides.parse(List.of("arch=hrm"));
        assertEquals("recursive_reasoning.hrm@HierarchicalReasoningModel_ACTV1", hrm.arch().get("name"));
        assertEquals(4, hrm.arch().get("H_layers"));
        assertEquals(2, hrm.arch().get("L_cycles"));
        assertEquals(512, hrm.arch().get("puzzle_emb_ndim"));
        TrainConfig tb = ConfigOverrides.parse(List.of("arch=transformers_baseline", "arch.H_layers=3"));
        assertEquals(3, tb.arch().get("H_layers"));
        assertEquals(12, tb.arch().get("num_heads"));
        assertFalse(tb.arch().containsKey("L_cycles"));
        assertEquals("recursive_reasoning.trm_hier6@TinyRecursiveReasoningModel_ACTV1",
                ConfigOverrides.parse(List.of("arch=trm_hier6")).arch().get("name"));
        assertError("unknown key arch.puzzle_emb_len (not in config/arch/hrm.yaml; to add a key write +arch.puzzle_emb_len=...)",
                "arch=hrm", "arch.puzzle_emb_len=4");
    }

    @Test
    void errorsAreOneLineNamingTheOverride() {
        assertError("override 'lr=abc': lr expects a number, got 'abc'", "lr=abc");
        assertError("override 'epochs=1.5': epochs expects an integer, got 1.5", "epochs=1.5");
        assertError("override 'ema=maybe': ema expects True or False, got 'maybe'", "ema=maybe");
        assertError("unknown key learning_rate", "learning_rate=1");
        assertError("unknown key arch.L_cycle (not in config/arch/trm.yaml; to add a key write +arch.L_cycle=...)", "arch.L_cycle=3");
        assertError("architecture group 'hrm2' is not implemented; trm4j implements arch=trm, arch=trm_singlez", "arch=hrm2");
        assertError("is not key=value", "ema");
        assertError("Hydra sweeps", "lr=1e-4,2e-4");
        assertError("missing ']'", "data_paths=[a,b");
        assertError("evaluators expects", "evaluators=5");
    }

    private static void assertError(String fragment, String... overrides) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigOverrides.parse(List.of(overrides)));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void jsonRoundTrip() {
        TrainConfig c = ConfigOverrides.parse(SUDOKU_MLP).withDefaultNames("run");
        String json = c.toJson();
        assertTrue(json.contains("\"global_batch_size\" : 768"), json);
        assertTrue(json.contains("\"H_cycles\" : 3"), json);
        TrainConfig back = TrainConfig.fromJson(json, "config.json");
        assertEquals(c, back);
        assertEquals(json, back.toJson());
        // keys absent from the file take the defaults; unknown keys are refused
        assertEquals(0.95, TrainConfig.fromJson("{\"lr\": 0.5}", "x.json").beta2());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainConfig.fromJson("{\"lrr\": 0.5}", "x.json"));
        assertTrue(e.getMessage().startsWith("x.json: unknown key lrr"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainConfig.fromJson("{\"lr\": \"fast\"}", "x.json"));
        assertEquals("x.json: lr expects a number, got 'fast'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainConfig.fromJson("{\"lr\": ", "x.json"));
        assertTrue(e.getMessage().startsWith("x.json: not valid JSON at line 1"), e.getMessage());
    }

    @Test
    void validateChecksEvalIntervalDividesEpochs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfigOverrides.parse(List.of("epochs=100", "eval_interval=30")).validate());
        assertEquals("eval_interval=30 must divide epochs=100", e.getMessage());
    }
}
