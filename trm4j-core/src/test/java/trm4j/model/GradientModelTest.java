package trm4j.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import trm4j.nn.Param;
import trm4j.nn.Reference;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static trm4j.nn.GradCheck.*;

/**
 * Gradient check of the whole inner model: {@link TrmModel#forward} then {@link TrmModel#backward} through the
 * last H cycle, for every dense parameter (embedding rows, learned positions, blocks, LM head, Q head) and the
 * per-row puzzle-embedding gradient {@link Workspace#puzzleGrad}.
 *
 * <p>Method ({@link trm4j.nn.GradCheck}): a double reference of one inner forward pass (embedding, z_L ← f(z_L,
 * z_H + X) L_cycles times, z_H ← f(z_H, z_L), heads) built from {@link GradientBlockTest#referenceBlock};
 * J = Σ r_logits ⊙ logits + Σ r_halt ⊙ q_halt + Σ r_cont ⊙ q_continue for fixed random r; central differences
 * in double (h = 1e-6) w.r.t. every element of each tensor (200 random ones of tensors above 400 elements),
 * against the float32 backward run with (dLogits, dQHalt, dQContinue) = r; relative ∞-norm error ≤ 1e-3; the
 * reference forward (logits, Q logits, new carry) equals the float32 one within 1e-5. The first H_cycles − 1
 * cycles are gradient-free by design, so the differenced function holds their output fixed (computed once
 * from the unperturbed parameters) and differentiates only the last cycle.
 */
class GradientModelTest {
    static final int BATCH = 2;

    /** The double reference of the inner model for one batch; parameters by official name, perturbed in place. */
    static final class Ref {
        final TrmModel m;
        final TrmConfig c;
        final int S, D, plen, L, V, ndim;
        final Map<String, double[]> w = new LinkedHashMap<>();
        final double[] puzzleRows;   // [B, ndim]
        final int[] inputs;          // [B, L]
        final double[][] rope;
        final double[] rLogits, rHalt, rCont;

        Ref(TrmModel m, float[] puzzleRows, int[] inputs, float[] rLogits, float[] rHalt, float[] rCont) {
            this.m = m;
            c = m.config;
            S = c.totalSeqLen(); D = c.hidden_size(); plen = c.puzzleEmbLen(); L = c.seq_len(); V = c.vocab_size();
            ndim = c.puzzle_emb_ndim();
            for (Param p : m.params().values()) w.put(p.name, toDouble(p.value));
            this.puzzleRows = toDouble(puzzleRows);
            this.inputs = inputs;
            rope = c.rope() ? Reference.ropeTables(S, c.headDim(), c.rope_theta()) : null;
            this.rLogits = toDouble(rLogits); this.rHalt = toDouble(rHalt); this.rCont = toDouble(rCont);
        }

        /** X [B, S, D] = √D · (prefix ‖ E[tokens]), with learned positions √D · 0.707106781 · (· + P). */
        double[] embed() {
            double[] x = new double[BATCH * S * D], e = w.get(m.embedTokens.name);
            for (int b = 0; b < BATCH; b++) {
                int base = b * S * D;
                for (int i = 0; i < ndim; i++) x[base + i] = puzzleRows[b * ndim + i];   // zero-padded prefix rows
                for (int t = 0; t < L; t++)
                    for (int d = 0; d < D; d++) x[base + (plen + t) * D + d] = e[inputs[b * L + t] * D + d];
                if (m.embedPos != null) {
                    double[] pos = w.get(m.embedPos.name);
                    for (int i = 0; i < S * D; i++) x[base + i] = 0.707106781 * (x[base + i] + pos[i]);
                }
                for (int i = 0; i < S * D; i++) x[base + i] *= Math.sqrt(D);
            }
            return x;
        }

        /** f(state, injection) = blocks(state + injection). */
        double[] f(double[] state, double[] injection) {
            double[] u = new double[state.length];
            for (int i = 0; i < u.length; i++) u[i] = state[i] + injection[i];
            for (TrmBlock blk : m.blocks) u = GradientBlockTest.referenceBlock(blk, w, u, BATCH, c.num_heads(), rope);
            return u;
        }

        /** One H cycle: L_cycles latent updates with injection z_H + X, then the answer update; returns {z_H, z_L}. */
        double[][] cycle(double[] zH, double[] zL, double[] x) {
            double[] inject = new double[zH.length];
            for (int i = 0; i < inject.length; i++) inject[i] = zH[i] + x[i];
            for (int l = 0; l < c.L_cycles(); l++) zL = f(zL, inject);
            return new double[][]{f(zH, zL), zL};
        }

        /** {logits [B, L, V], q_halt [B], q_continue [B]} from z_H. */
        double[][] heads(double[] zH) {
            double[] lm = w.get(m.lmHead.name), qw = w.get(m.qHeadWeight.name), qb = w.get(m.qHeadBias.name);
            double[] logits = new double[BATCH * L * V], halt = new double[BATCH], cont = new double[BATCH];
            for (int b = 0; b < BATCH; b++) {
                for (int t = 0; t < L; t++)
                    for (int v = 0; v < V; v++) {
                        double s = 0;
                        for (int d = 0; d < D; d++) s += zH[(b * S + plen + t) * D + d] * lm[v * D + d];
                        logits[(b * L + t) * V + v] = s;
                    }
                double s0 = qb[0], s1 = qb[1];
                for (int d = 0; d < D; d++) { s0 += zH[b * S * D + d] * qw[d]; s1 += zH[b * S * D + d] * qw[D + d]; }
                halt[b] = s0;
                cont[b] = s1;
            }
            return new double[][]{logits, halt, cont};
        }

        double objective(double[] zH) {
            double[][] h = heads(zH);
            return dot(rLogits, h[0]) + dot(rHalt, h[1]) + dot(rCont, h[2]);
        }
    }

    /** A model with random weights (about LeCun scale, Q head non-zero so its path carries gradient). */
    static TrmModel randomModel(TrmConfig c, SplittableRandom rng) {
        TrmModel m = new TrmModel(c);
        int D = c.hidden_size();
        for (Param p : m.params().values()) {
            if (p == m.hInit || p == m.lInit || p == m.puzzleEmb) continue;   // not read by the inner forward
            if (p == m.qHeadBias) System.arraycopy(normal(rng, 2, 1), 0, p.value, 0, 2);
            else if (p.shape().length == 2 && p.name.contains("_level.")) GradientBlockTest.randomize(p, rng);
            else System.arraycopy(normal(rng, p.size(), 1 / Math.sqrt(D)), 0, p.value, 0, p.size());
        }
        return m;
    }

    /** Everything one check needs: model, data, the float32 forward + backward, and the double reference. */
    static final class Setup {
        final TrmModel model;
        final Workspace ws;
        final float[] zH0, zL0, zH, zL;
        final Ref ref;

        Setup(TrmConfig c, long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            model = randomModel(c, rng);
            int S = c.totalSeqLen(), D = c.hidden_size(), L = c.seq_len(), V = c.vocab_size(), n = BATCH * S * D;
            int[] inputs = new int[BATCH * L];
            for (int i = 0; i < inputs.length; i++) inputs[i] = rng.nextInt(V);
            inputs[inputs.length - 1] = inputs[0];   // a repeated token: its embedding row gathers two gradients
            float[] rows = normal(rng, BATCH * c.puzzle_emb_ndim(), 1 / Math.sqrt(D));
            zH0 = normal(rng, n, 1);
            zL0 = normal(rng, n, 1);
            float[] rLogits = normal(rng, BATCH * L * V, 1), rHalt = normal(rng, BATCH, 1), rCont = normal(rng, BATCH, 1);
            ws = model.workspace(BATCH);
            zH = zH0.clone();
            zL = zL0.clone();
            model.forward(ws, zH, zL, inputs, rows);
            model.zeroGrad();
            model.backward(ws, zH, rLogits, rHalt, rCont);
            ref = new Ref(model, rows, inputs, rLogits, rHalt, rCont);
        }

        /** The reference forward over all H cycles against the float32 forward (outputs and new carry). */
        void checkForwardMatches(String tag) {
            double[] x = ref.embed();
            double[][] z = {toDouble(zH0), toDouble(zL0)};
            for (int h = 0; h < model.config.H_cycles(); h++) z = ref.cycle(z[0], z[1], x);
            double[][] out = ref.heads(z[0]);
            checkForward(tag + " input embeddings", ws.inputEmbeddings(), x);
            checkForward(tag + " logits", ws.logits, out[0]);
            checkForward(tag + " q_halt", ws.qHalt, out[1]);
            checkForward(tag + " q_continue", ws.qContinue, out[2]);
            checkForward(tag + " new z_H", zH, z[0]);
            checkForward(tag + " new z_L", zL, z[1]);
        }

        /** J of the last cycle from the (constant) carry the gradient-free cycles produce at the current weights. */
        DoubleSupplier lastCycleObjective() {
            double[] x0 = ref.embed();
            double[][] start = {toDouble(zH0), toDouble(zL0)};
            for (int h = 0; h < model.config.H_cycles() - 1; h++) start = ref.cycle(start[0], start[1], x0);
            double[][] fixed = start;
            return () -> ref.objective(ref.cycle(fixed[0], fixed[1], ref.embed())[0]);
        }

        /** Checks every trainable parameter and the puzzle-embedding rows; returns the worst relative error. */
        double checkAllGradients(String tag, DoubleSupplier j, SplittableRandom rng) {
            double worst = 0;
            for (Param p : model.trainable())
                worst = Math.max(worst, check(tag + " " + p.name.substring("model.inner.".length()), ref.w.get(p.name), p.grad, j, rng));
            if (model.config.puzzle_emb_ndim() > 0)
                worst = Math.max(worst, check(tag + " puzzleGrad (rows)", ref.puzzleRows, ws.puzzleGrad, j, rng));
            return worst;
        }
    }

    @ParameterizedTest(name = "{0}: L_layers={1}, seq_len={2}, D={3}, heads={4}, puzzle_emb_ndim={5}, puzzle_emb_len={6}")
    @CsvSource({
            "rope,  2, 2, 8, 2, 12, 0",    // two blocks per application, 12-wide puzzle vector padded to 2 rows
            "mlp_t, 1, 4, 4, 1, 0,  0",    // token mixer, no positions, no puzzle embedding
            "learned, 1, 2, 8, 2, 6, 2"})  // learned positions, puzzle vector padded inside row 0 plus a zero row
    void innerModelGradientsMatchFiniteDifferences(String kind, int layers, int seqLen, int hidden, int heads,
                                                   int ndim, int plen) {
        boolean mlpT = kind.equals("mlp_t");
        TrmConfig c = GradientBlockTest.config(hidden, heads, layers, 1, 2, seqLen, 5, ndim, plen,
                mlpT ? "none" : kind, mlpT);
        Setup s = new Setup(c, 81 + seqLen);
        String tag = "TrmModel(" + kind + ", H=1)";
        s.checkForwardMatches(tag);
        s.checkAllGradients(tag, s.lastCycleObjective(), new SplittableRandom(5));
    }

    /**
     * H_cycles = 2: the analytic gradient equals the finite differences of the last cycle with the no-grad
     * cycle's output held fixed, and (so the check can tell the two apart) differs from the finite differences
     * of the full two-cycle function.
     */
    @Test
    void gradientFreeCyclesAreHeldFixed() {
        TrmConfig c = GradientBlockTest.config(8, 2, 1, 2, 2, 3, 5, 8, 0, "rope", false);
        Setup s = new Setup(c, 91);
        String tag = "TrmModel(rope, H=2)";
        s.checkForwardMatches(tag);
        s.checkAllGradients(tag, s.lastCycleObjective(), new SplittableRandom(6));

        Ref ref = s.ref;
        double[] zH0 = toDouble(s.zH0), zL0 = toDouble(s.zL0);
        DoubleSupplier full = () -> {
            double[] x = ref.embed();
            double[][] z = ref.cycle(zH0, zL0, x);
            return ref.objective(ref.cycle(z[0], z[1], x)[0]);
        };
        double[] e = ref.w.get(s.model.embedTokens.name);
        int[] all = indices(e.length, new SplittableRandom(7));
        double[] cmp = compare(e, s.model.embedTokens.grad, 0, all, full);
        double rel = cmp[0] / cmp[1];
        System.out.printf("[gradcheck] %-58s rel=%.2e (must be large)%n", tag + " embed_tokens vs full-graph FD", rel);
        assertTrue(rel > 1e-2, "the gradient through both H cycles should differ from the last-cycle gradient, rel = " + rel);
    }
}
