package trm4j.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import trm4j.io.RawTensor;
import trm4j.io.Safetensors;
import trm4j.nn.Param;
import trm4j.testing.SharedFiles;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The official variants (HRM, TRM single-z, TRM hier6, the transformer baseline, hier6 with mlp_t) against the
 * official code's recordings in shared/parity-variants: the free-running eval rollout (every step's logits, Q
 * logits, preds, carry fields, steps, halted, loss) and one training call (loss, metrics, the gradient of every
 * parameter and of the puzzle-embedding rows). Tolerances as the fixtures' README suggests.
 */
class VariantParityTest {
    static final String[] FIXTURES = {"v1_hrm", "v2_trm_singlez", "v3_trm_hier6", "v4_transformer", "v5_trm_mlpt_hier6"};

    record Fixture(String name, Map<String, Object> sidecar, TrmConfig config, Map<String, RawTensor> weights,
                   Map<String, RawTensor> batch, Map<String, RawTensor> expected) {
        @SuppressWarnings("unchecked")
        static Fixture load(String name) throws Exception {
            Path dir = SharedFiles.require("parity-variants");
            Map<String, Object> sidecar = new ObjectMapper().readValue(dir.resolve(name + ".json").toFile(), Map.class);
            return new Fixture(name, sidecar, TrmConfig.fromMap(sidecar, name + ".json"),
                    Safetensors.read(dir.resolve(name + ".model.safetensors")),
                    Safetensors.read(dir.resolve(name + ".batch.safetensors")),
                    Safetensors.read(dir.resolve(name + ".expected.safetensors")));
        }

        TrmModel model() {
            TrmModel m = new TrmModel(config);
            TrmWeights.load(m, weights, name);
            return m;
        }

        RawTensor get(String key) {
            RawTensor t = expected.get(key);
            assertNotNull(t, name + ": fixture has no tensor " + key);
            return t;
        }

        int[] in(String key) { return batch.get(key).toInts(); }
    }

    /** The fixtures of ../shared/parity-variants, one per official variant (v5: hier6 with mlp_t). */
    static List<String> fixtures() {
        return List.of("v1_hrm", "v2_trm_singlez", "v3_trm_hier6", "v4_transformer", "v5_trm_mlpt_hier6");
    }

    /** A fixture's model under the ACT wrapper at the recorded batch, from the initial carry, and its shapes. */
    static final class Replay {
        final Fixture fx;
        final int[] inputs, labels, ids;
        final Act act;
        final Act.Carry carry;
        final int B, L, V;

        Replay(String name) throws Exception {
            fx = Fixture.load(name);
            inputs = fx.in("inputs");
            labels = fx.in("labels");
            ids = fx.in("puzzle_identifiers");
            act = new Act(fx.model(), ids.length);
            carry = act.initialCarry();
            B = ids.length;
            L = fx.config.seq_len();
            V = fx.config.vocab_size();
        }

        /** One ACT call on the recorded batch. */
        void step(boolean train, Act.Exploration exploration) { act.step(carry, inputs, labels, ids, train, exploration); }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void evalRolloutMatchesTheOfficialCode(String name) throws Exception {
        Replay replay = new Replay(name);
        Fixture fx = replay.fx;
        Act act = replay.act;
        Act.Carry carry = replay.carry;
        int B = replay.B, L = replay.L, V = replay.V;
        int steps = ((Number) fx.sidecar.get("n_eval_steps")).intValue();
        assertEquals(fx.config.halt_max_steps(), steps);
        List<String> fields = act.model.variant.latents;
        for (int n = 1; n <= steps; n++) {
            replay.step(false, null);
            String p = "step" + n + ".";
            double a = n == 1 ? 1e-4 : 1e-3;
            double worst = 0;
            worst = Math.max(worst, close(p + "logits", fx.get(p + "logits").toFloats(), act.ws.logits, a));
            worst = Math.max(worst, close(p + "q_halt_logits", fx.get(p + "q_halt_logits").toFloats(), act.ws.qHalt, a));
            worst = Math.max(worst, close(p + "q_continue_logits", fx.get(p + "q_continue_logits").toFloats(), act.ws.qContinue, a));
            for (int f = 0; f < fields.size(); f++)
                worst = Math.max(worst, close(p + "carry." + fields.get(f), fx.get(p + "carry." + fields.get(f)).toFloats(), carry.z[f], a));
            Set<String> carried = new HashSet<>();
            for (String k : fx.expected.keySet()) if (k.startsWith(p + "carry.z")) carried.add(k.substring((p + "carry.").length()));
            assertEquals(carried, new HashSet<>(fields), "the carry fields are the official ones");
            assertArrayEquals(fx.get(p + "carry.steps").toInts(), carry.steps, p + "carry.steps");
            assertArrayEquals(fx.get(p + "carry.halted").toInts(), ints(carry.halted), p + "carry.halted");
            Losses.Result r = Losses.compute(act.ws.logits, carry.labels, act.ws.qHalt, carry.steps, carry.halted, B, L, V, 1.0, null, null);
            float[] expLogits = fx.get(p + "logits").toFloats();
            int[] expPreds = fx.get(p + "preds").toInts();
            for (int i = 0; i < expPreds.length; i++)
                if (n == 1 || gap(expLogits, i * V, V) > 1e-2) assertEquals(expPreds[i], r.preds()[i], p + "preds[" + i + "]");
            double lossRel = rel(fx.get(p + "loss").toDoubles()[0], r.loss());
            assertTrue(lossRel <= 1e-5, p + "loss: relative error " + lossRel);
            System.out.printf(Locale.ROOT, "[parity] %s eval %s max|Δ| logits/q/z %.2e, loss rel %.2e%n", name, p, worst, lossRel);
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void trainStepMatchesTheOfficialCode(String name) throws Exception {
        Replay replay = new Replay(name);
        Fixture fx = replay.fx;
        Act act = replay.act;
        Act.Carry carry = replay.carry;
        int B = replay.B, L = replay.L, V = replay.V;
        // halt_exploration_prob = 0 in the recording: no draw falls below it
        replay.step(true, (u, k) -> { java.util.Arrays.fill(u, 1f); java.util.Arrays.fill(k, 0); });
        TrmModel m = act.model;
        double scale = 1.0 / B;
        float[] dLogits = new float[B * L * V], dQ = new float[B], dQC = new float[B];
        Losses.Result r = Losses.compute(act.ws.logits, carry.labels, act.ws.qHalt, carry.steps, carry.halted, B, L, V, scale, dLogits, dQ);
        float[] target = act.targetQContinue();
        assertEquals(m.variant == Variant.HRM, target != null, "only HRM bootstraps a q_continue target");
        assertEquals(target != null, fx.expected.containsKey("train.metrics.q_continue_loss"));
        float qc = target == null ? 0f : Losses.qContinueLoss(act.ws.qContinue, target, B, scale, dQC);
        double loss = r.loss() + 0.5 * qc;
        double lossRel = rel(fx.get("train.loss").toDoubles()[0], loss);
        assertTrue(lossRel <= 1e-5, "train.loss: relative error " + lossRel);
        Losses.Metrics mt = r.metrics();
        String p = "train.metrics.";
        assertEquals(fx.get(p + "count").toDoubles()[0], mt.count(), p + "count");
        assertEquals(fx.get(p + "exact_accuracy").toDoubles()[0], mt.exactAccuracy(), p + "exact_accuracy");
        assertEquals(fx.get(p + "q_halt_accuracy").toDoubles()[0], mt.qHaltAccuracy(), p + "q_halt_accuracy");
        assertEquals(fx.get(p + "steps").toDoubles()[0], mt.steps(), p + "steps");
        assertTrue(rel(fx.get(p + "accuracy").toDoubles()[0], mt.accuracy()) <= 1e-5, p + "accuracy");
        assertTrue(rel(fx.get(p + "lm_loss").toDoubles()[0], mt.lmLoss()) <= 1e-5, p + "lm_loss");
        assertTrue(rel(fx.get(p + "q_halt_loss").toDoubles()[0], mt.qHaltLoss()) <= 1e-5, p + "q_halt_loss");
        if (target != null) assertTrue(rel(fx.get(p + "q_continue_loss").toDoubles()[0], qc) <= 1e-5, p + "q_continue_loss");

        m.zeroGrad();
        m.backward(act.ws, carry.z[0], dLogits, dQ, target == null ? null : dQC);
        double worst = 0;
        Set<String> expectedGrads = new HashSet<>();
        for (String k : fx.expected.keySet()) if (k.startsWith("grad.")) expectedGrads.add(k);
        Set<String> checked = new HashSet<>();
        for (Param q : m.trainable()) {
            worst = Math.max(worst, ParityFixture.assertGradClose("grad." + q.name, fx.get("grad." + q.name).toFloats(), q.grad, 1e-4));
            checked.add("grad." + q.name);
        }
        if (fx.config.puzzle_emb_ndim() > 0) {
            String k = "grad.model.inner.puzzle_emb.local_weights";
            worst = Math.max(worst, ParityFixture.assertGradClose(k, fx.get(k).toFloats(), act.ws.puzzleGrad, 1e-4));
            checked.add(k);
        }
        assertEquals(expectedGrads, checked, "every recorded gradient is checked, and only those");
        System.out.printf(Locale.ROOT, "[parity] %s train loss rel %.2e, grad rel %.2e%n", name, lossRel, worst);
    }

    /** Largest |Δ| ≤ tol + tol·max|expected|; returns it. */
    static double close(String what, float[] expected, float[] actual, double tol) {
        double max = 0;
        for (float v : expected) max = Math.max(max, Math.abs(v));
        return ParityFixture.assertClose(what, expected, actual, tol + tol * max);
    }

    static double rel(double expected, double actual) { return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-30); }

    /** The gap between the two largest of v[o .. o+n). */
    static double gap(float[] v, int o, int n) {
        double a = Double.NEGATIVE_INFINITY, b = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double x = v[o + i];
            if (x > a) { b = a; a = x; } else if (x > b) b = x;
        }
        return a - b;
    }

    static int[] ints(boolean[] h) {
        int[] r = new int[h.length];
        for (int i = 0; i < h.length; i++) r[i] = h[i] ? 1 : 0;
        return r;
    }
}
