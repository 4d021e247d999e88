package trm4j.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import trm4j.nn.Param;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static trm4j.model.ParityFixture.*;

/**
 * The model against the official code's recordings (shared/parity): every ACT step restarted from the recorded
 * carry, in train and eval mode — outputs, carry, loss, metrics, input embeddings, the step-1 trace of every
 * network application, and the gradients of steps 1–2 for every parameter and the puzzle-embedding rows.
 */
class ModelParityTest {
    static final String[] CONFIGS = {"c1_attn_rope_pemb", "c2_mlpt_nopos_nopemb", "c3_attn_learned_padpemb", "c4_sudoku_mini_official_init"};

    @ParameterizedTest
    @ValueSource(strings = {"c1_attn_rope_pemb", "c2_mlpt_nopos_nopemb", "c3_attn_learned_padpemb", "c4_sudoku_mini_official_init"})
    void trainStepsMatchTheOfficialCode(String name) throws Exception {
        ParityFixture fx = new ParityFixture(name);
        TrmModel model = fx.model();
        Act act = new Act(model, fx.batch());
        for (int step = 1; fx.has("train.step" + step + ".logits"); step++) {
            String p = "train.step" + step + ".";
            Act.Carry carry = step == 1 ? act.initialCarry() : recordedCarry(fx, act, "train.step" + (step - 1) + ".");
            if (step == 1) act.ws.trace = new ArrayList<>();
            float[] u = fx.f(p + "explore.rand");
            int[] k = fx.i(p + "explore.randint");
            String batch = "batch" + step + ".";
            act.step(carry, fx.i(batch + "inputs"), fx.i(batch + "labels"), fx.i(batch + "puzzle_identifiers"), true,
                    (uu, kk) -> { System.arraycopy(u, 0, uu, 0, uu.length); System.arraycopy(k, 0, kk, 0, kk.length); });
            boolean grads = fx.has(p + "grad.model.inner.lm_head.weight");
            checkStep(fx, act, carry, p, grads);
            assertClose(p + "input_embeddings", fx.f(p + "input_embeddings"), act.ws.inputEmbeddings(), fx.zTolerance());
            if (fx.has(p + "puzzle_emb.local_weights"))
                assertClose(p + "puzzle_emb.local_weights", fx.f(p + "puzzle_emb.local_weights"),
                        act.gatherPuzzleRows(carry.puzzleIdentifiers), 0);
            if (step == 1) {
                List<float[]> trace = act.ws.trace;
                act.ws.trace = null;
                int n = fx.config.H_cycles() * (fx.config.L_cycles() + 1);
                assertEquals(n, trace.size());
                for (int t = 0; t < n; t++)
                    assertClose(p + "trace." + t, fx.f(p + String.format("trace.%02d", t)), trace.get(t), fx.zTolerance());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"c1_attn_rope_pemb", "c2_mlpt_nopos_nopemb", "c3_attn_learned_padpemb", "c4_sudoku_mini_official_init"})
    void evalStepsMatchTheOfficialCode(String name) throws Exception {
        ParityFixture fx = new ParityFixture(name);
        Act act = new Act(fx.model(), fx.batch());
        int steps = 0;
        for (int step = 1; fx.has("eval.step" + step + ".logits"); step++, steps++) {
            Act.Carry carry = step == 1 ? act.initialCarry() : recordedCarry(fx, act, "eval.step" + (step - 1) + ".");
            act.step(carry, fx.i("batch1.inputs"), fx.i("batch1.labels"), fx.i("batch1.puzzle_identifiers"), false, null);
            checkStep(fx, act, carry, "eval.step" + step + ".", false);
        }
        assertEquals(fx.config.halt_max_steps(), steps, "eval runs exactly halt_max_steps steps");
    }

    /** The RoPE tables equal the official float32 cos_cached / sin_cached. */
    @org.junit.jupiter.api.Test
    void ropeTablesMatch() throws Exception {
        ParityFixture fx = new ParityFixture("c1_attn_rope_pemb");
        TrmModel m = fx.model();
        assertClose("cos", fx.weights.get("model.inner.rotary_emb.cos_cached").toFloats(), m.rope().cosTable(), 1e-6);
        assertClose("sin", fx.weights.get("model.inner.rotary_emb.sin_cached").toFloats(), m.rope().sinTable(), 1e-6);
    }

    static Act.Carry recordedCarry(ParityFixture fx, Act act, String p) {
        Act.Carry c = act.initialCarry();
        System.arraycopy(fx.f(p + "carry.z_H"), 0, c.zH, 0, c.zH.length);
        System.arraycopy(fx.f(p + "carry.z_L"), 0, c.zL, 0, c.zL.length);
        System.arraycopy(fx.i(p + "carry.steps"), 0, c.steps, 0, c.steps.length);
        int[] h = fx.i(p + "carry.halted");
        for (int b = 0; b < h.length; b++) c.halted[b] = h[b] != 0;
        System.arraycopy(fx.i(p + "current_data.inputs"), 0, c.inputs, 0, c.inputs.length);
        System.arraycopy(fx.i(p + "current_data.labels"), 0, c.labels, 0, c.labels.length);
        System.arraycopy(fx.i(p + "current_data.puzzle_identifiers"), 0, c.puzzleIdentifiers, 0, c.puzzleIdentifiers.length);
        return c;
    }

    static void checkStep(ParityFixture fx, Act act, Act.Carry carry, String p, boolean grads) {
        TrmModel m = act.model;
        Workspace ws = act.ws;
        TrmConfig c = fx.config;
        double tol = fx.zTolerance();
        double worst = 0, worstGrad = 0;
        worst = Math.max(worst, assertClose(p + "logits", fx.f(p + "logits"), ws.logits, tol));
        worst = Math.max(worst, assertClose(p + "q_halt_logits", fx.f(p + "q_halt_logits"), ws.qHalt, tol));
        worst = Math.max(worst, assertClose(p + "q_continue_logits", fx.f(p + "q_continue_logits"), ws.qContinue, tol));
        worst = Math.max(worst, assertClose(p + "carry.z_H", fx.f(p + "carry.z_H"), carry.zH, tol));
        worst = Math.max(worst, assertClose(p + "carry.z_L", fx.f(p + "carry.z_L"), carry.zL, tol));
        assertArrayEquals(fx.i(p + "carry.steps"), carry.steps, p + "carry.steps");
        int[] halted = new int[carry.halted.length];
        for (int b = 0; b < halted.length; b++) halted[b] = carry.halted[b] ? 1 : 0;
        assertArrayEquals(fx.i(p + "carry.halted"), halted, p + "carry.halted");
        assertArrayEquals(fx.i(p + "current_data.inputs"), carry.inputs, p + "current_data.inputs");
        assertArrayEquals(fx.i(p + "current_data.labels"), carry.labels, p + "current_data.labels");
        assertArrayEquals(fx.i(p + "current_data.puzzle_identifiers"), carry.puzzleIdentifiers, p + "current_data.puzzle_identifiers");

        int B = act.batch, L = c.seq_len(), V = c.vocab_size();
        double scale = 1.0 / fx.batch();
        float[] dLogits = grads ? new float[B * L * V] : null, dQ = grads ? new float[B] : null;
        Losses.Result r = Losses.compute(ws.logits, carry.labels, ws.qHalt, carry.steps, carry.halted, B, L, V, scale, dLogits, dQ);
        assertArrayEquals(fx.i(p + "preds"), r.preds(), p + "preds");
        assertRelClose(p + "loss", fx.d(p + "loss"), r.loss(), 1e-5);
        assertEquals(fx.l(p + "metrics.count"), r.metrics().count(), p + "metrics.count");
        assertEquals(fx.l(p + "metrics.exact_accuracy"), r.metrics().exactAccuracy(), p + "metrics.exact_accuracy");
        assertEquals(fx.l(p + "metrics.q_halt_accuracy"), r.metrics().qHaltAccuracy(), p + "metrics.q_halt_accuracy");
        assertEquals(fx.l(p + "metrics.steps"), r.metrics().steps(), p + "metrics.steps");
        assertRelClose(p + "metrics.accuracy", fx.d(p + "metrics.accuracy"), r.metrics().accuracy(), 1e-5);
        assertRelClose(p + "metrics.lm_loss", fx.d(p + "metrics.lm_loss"), r.metrics().lmLoss(), 1e-5);
        assertRelClose(p + "metrics.q_halt_loss", fx.d(p + "metrics.q_halt_loss"), r.metrics().qHaltLoss(), 1e-5);
        assertEquals(fx.l(p + "all_finish") != 0, r.allHalted(), p + "all_finish");
        double lossRel = Math.abs(r.loss() - fx.d(p + "loss")) / Math.abs(fx.d(p + "loss"));
        if (grads) {
            m.zeroGrad();
            m.backward(ws, carry.zH, dLogits, dQ, null);
            for (Param q : m.trainable())
                worstGrad = Math.max(worstGrad, assertGradClose(p + "grad." + q.name, fx.f(p + "grad." + q.name), q.grad, 1e-4));
            if (c.puzzle_emb_ndim() > 0)
                worstGrad = Math.max(worstGrad, assertGradClose(p + "grad.puzzle_emb.local_weights",
                        fx.f(p + "grad.model.inner.puzzle_emb.local_weights"), ws.puzzleGrad, 1e-4));
        }
        System.out.printf(java.util.Locale.ROOT, "[parity] %s %s max|Δ| logits/q/z %.2e, loss rel %.2e%s%n", fx.name, p, worst, lossRel,
                grads ? String.format(java.util.Locale.ROOT, ", grad rel %.2e", worstGrad) : "");
    }
}
