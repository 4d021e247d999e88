package trm4j.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import trm4j.nn.Param;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import static trm4j.nn.GradCheck.*;

/**
 * Gradient check of each variant's recursion ({@link Recursion}: HRM's two stacks, single-z, hier6's six latents,
 * the transformer baseline): {@link TrmModel#forward} then {@link TrmModel#backward} against central finite
 * differences of a double reference that runs the same schedule ({@link Variant#schedule}) with the blocks of
 * {@link GradientBlockTest#referenceBlock}. As in {@link GradientModelTest}: J = Σ r ⊙ (logits, q_halt,
 * q_continue) for fixed random r, h = 1e-6, every element of small tensors (200 random ones of larger), relative
 * ∞-norm error ≤ 1e-3; the gradient-free applications' outputs are held fixed at the unperturbed weights; the
 * reference forward (heads and every new carry field) equals the float32 one within 1e-5.
 */
class VariantGradientTest {
    static final int B = GradientModelTest.BATCH;

    static TrmConfig config(String arch, String pos, boolean mlpT, int hCycles, int lCycles, int layers) {
        Variant v = Variant.byName(arch);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.officialName);
        m.put("hidden_size", 8); m.put("num_heads", 2); m.put("expansion", 2.0);
        m.put("H_cycles", hCycles); m.put("L_cycles", lCycles); m.put("L_layers", layers); m.put("H_layers", layers);
        m.put("seq_len", 3); m.put("vocab_size", 5); m.put("puzzle_emb_ndim", 12); m.put("puzzle_emb_len", 2);
        m.put("num_puzzle_identifiers", 3); m.put("pos_encodings", pos); m.put("mlp_t", mlpT);
        m.put("halt_max_steps", 2); m.put("halt_exploration_prob", 0.1); m.put("forward_dtype", "float32");
        return TrmConfig.fromMap(m, arch);
    }

    @ParameterizedTest(name = "{0} ({1}, mlp_t={2}), H_cycles={3}, L_cycles={4}, layers={5}")
    @CsvSource({
            "hrm, rope, false, 2, 2, 1",
            "hrm, none, true, 1, 2, 2",
            "trm_singlez, rope, false, 2, 2, 1",
            "trm_hier6, rope, false, 2, 3, 1",
            "trm_hier6, none, true, 1, 2, 1",
            "transformers_baseline, learned, false, 1, 1, 2"})
    void variantGradientsMatchFiniteDifferences(String arch, String pos, boolean mlpT, int hCycles, int lCycles, int layers) {
        TrmConfig c = config(arch, pos, mlpT, hCycles, lCycles, layers);
        SplittableRandom rng = new SplittableRandom(131 + hCycles * 7 + lCycles);
        TrmModel m = GradientModelTest.randomModel(c, rng);
        int S = c.totalSeqLen(), D = c.hidden_size(), L = c.seq_len(), V = c.vocab_size(), n = B * S * D;
        int[] inputs = new int[B * L];
        for (int i = 0; i < inputs.length; i++) inputs[i] = rng.nextInt(V);
        float[] rows = normal(rng, B * c.puzzle_emb_ndim(), 1 / Math.sqrt(D));
        int fields = m.variant.latents.size();
        float[][] z0 = new float[fields][], z = new float[fields][];
        for (int f = 0; f < fields; f++) { z0[f] = normal(rng, n, 1); z[f] = z0[f].clone(); }
        float[] rLogits = normal(rng, B * L * V, 1), rHalt = normal(rng, B, 1), rCont = normal(rng, B, 1);
        Workspace ws = m.workspace(B);
        m.forward(ws, z, inputs, rows);
        m.zeroGrad();
        m.backward(ws, z[0], rLogits, rHalt, rCont);
        GradientModelTest.Ref ref = new GradientModelTest.Ref(m, rows, inputs, rLogits, rHalt, rCont);
        String tag = m.variant.archName + "(" + pos + (mlpT ? ", mlp_t" : "") + ", H=" + hCycles + ", L=" + lCycles + ")";

        List<Variant.Apply> schedule = m.variant.schedule(c.H_cycles(), c.L_cycles());
        double[][] start = new double[fields][];
        for (int f = 0; f < fields; f++) start[f] = toDouble(z0[f]);
        double[] x0 = ref.embed();
        double[][] all = run(m, ref, schedule, start, x0);
        checkForward(tag + " input embeddings", ws.inputEmbeddings(), x0);
        double[][] out = ref.heads(all[0]);
        checkForward(tag + " logits", ws.logits, out[0]);
        checkForward(tag + " q_halt", ws.qHalt, out[1]);
        checkForward(tag + " q_continue", ws.qContinue, out[2]);
        for (int f = 0; f < fields; f++) checkForward(tag + " new " + m.variant.latents.get(f), z[f], all[f]);

        // the gradient-free applications run once, at the unperturbed weights; J differentiates the rest
        double[][] fixed = run(m, ref, schedule.stream().filter(a -> !a.grad()).toList(), start, x0);
        List<Variant.Apply> grad = schedule.stream().filter(Variant.Apply::grad).toList();
        DoubleSupplier j = () -> ref.objective(run(m, ref, grad, fixed, ref.embed())[0]);
        SplittableRandom pick = new SplittableRandom(17);
        for (Param p : m.trainable())
            check(tag + " " + p.name.substring("model.inner.".length()), ref.w.get(p.name), p.grad, j, pick);
        check(tag + " puzzleGrad (rows)", ref.puzzleRows, ws.puzzleGrad, j, pick);
    }

    /** The applications in order on a copy of the carry fields z (double), X = x; returns the new fields. */
    static double[][] run(TrmModel m, GradientModelTest.Ref ref, List<Variant.Apply> applies, double[][] z0, double[] x) {
        double[][] z = new double[z0.length][];
        for (int f = 0; f < z.length; f++) z[f] = z0[f].clone();
        for (Variant.Apply a : applies) {
            double[] u = sum(a.state(), z, x);
            if (a.inject().length > 0) {
                double[] i = sum(a.inject(), z, x);
                for (int k = 0; k < u.length; k++) u[k] += i[k];
            }
            for (TrmBlock blk : m.level(a.hLevel())) u = GradientBlockTest.referenceBlock(blk, ref.w, u, B, m.config.num_heads(), ref.rope);
            z[a.out()] = u;
        }
        return z;
    }

    private static double[] sum(int[] terms, double[][] z, double[] x) {
        double[] s = (terms[0] == Variant.X ? x : z[terms[0]]).clone();
        for (int t = 1; t < terms.length; t++) {
            double[] v = terms[t] == Variant.X ? x : z[terms[t]];
            for (int k = 0; k < s.length; k++) s[k] += v[k];
        }
        return s;
    }
}
