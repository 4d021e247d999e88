package trm4j.model;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import trm4j.nn.Param;
import trm4j.tensor.Parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole model (forward through every H cycle, backward, every parameter gradient) gives bit-identical
 * results with 1, 2 and 3 threads: work is only ever split over outputs, never over a sum. Sizes are chosen so
 * that the element-wise kernels and the GEMMs really do split (more than one task each), and the batch of 7 splits
 * unevenly into per-thread slices (4 + 3, 3 + 2 + 2).
 */
class ThreadCountIdentityTest {
    private final int before = Parallel.threads();

    @AfterEach
    void restore() { Parallel.setThreads(before); }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void oneTwoAndThreeThreadsAgreeBitForBit(boolean mlpT) {
        List<float[]> one = run(mlpT, 1);
        assertTrue(one.size() > 5);
        for (int threads = 2; threads <= 3; threads++) {
            List<float[]> other = run(mlpT, threads);
            for (int i = 0; i < one.size(); i++)
                assertArrayEquals(one.get(i), other.get(i), "output " + i + " (mlp_t=" + mlpT + ", " + threads + " threads)");
        }
    }

    /**
     * Both backward passes at a batch of 20: chunks of 2 items (the small models' chunked pass, its chunks spread
     * unevenly over 3 threads) and whole-batch weight gradients (the large models' pass).
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 0})
    void bothBackwardPassesAgreeBitForBitOverThreadCounts(int gradChunk) {
        List<float[]> one = forwardBackward(model(true, 1, 64, false), 20, gradChunk);
        for (int threads = 2; threads <= 3; threads++) {
            List<float[]> other = forwardBackward(model(true, threads, 64, false), 20, gradChunk);
            for (int i = 0; i < one.size(); i++)
                assertArrayEquals(one.get(i), other.get(i), "output " + i + " (chunk " + gradChunk + ", " + threads + " threads)");
        }
    }

    /**
     * The chunked backward pass computes the same gradients as the whole-batch one (summed in another order: equal
     * to float32 rounding), and the same outputs bit for bit.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void chunkedBackwardEqualsTheWholeBatchOne(boolean mlpT) {
        List<float[]> whole = forwardBackward(model(mlpT, 2, 64, false), 20, 0);
        for (int chunk : new int[] {1, 3, 8}) {
            List<float[]> chunked = forwardBackward(model(mlpT, 2, 64, false), 20, chunk);
            int grads = whole.size() - model(mlpT, 1, 64, false).trainable().size();
            for (int i = 0; i < whole.size(); i++) {
                if (i < grads) { assertArrayEquals(whole.get(i), chunked.get(i), "output " + i); continue; }
                float[] a = whole.get(i), b = chunked.get(i);
                double scale = 0;
                for (float v : a) scale = Math.max(scale, Math.abs(v));
                assertTrue(scale > 0, "gradient " + i + " is all zero");
                for (int j = 0; j < a.length; j++)
                    assertEquals(a[j], b[j], 1e-5 * scale, "gradient " + i + "[" + j + "], chunks of " + chunk);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void recomputedActivationsGiveTheSameOutputsAndGradientsBitForBit(boolean mlpT) {
        List<float[]> kept = run(mlpT, 2, 64, false), recomputed = run(mlpT, 2, 64, true);
        for (int i = 0; i < kept.size(); i++)
            assertArrayEquals(kept.get(i), recomputed.get(i), "output " + i + " (mlp_t=" + mlpT + ")");
    }

    /** The variants' schedules ({@link Recursion}) split over threads the same way. */
    @ParameterizedTest
    @ValueSource(strings = {"hrm", "trm_singlez", "trm_hier6", "transformers_baseline"})
    void variantsAgreeBitForBit(String arch) {
        List<float[]> one = runVariant(arch, 1);
        for (int threads = 2; threads <= 3; threads++) {
            List<float[]> other = runVariant(arch, threads);
            for (int i = 0; i < one.size(); i++)
                assertArrayEquals(one.get(i), other.get(i), "output " + i + " (" + arch + ", " + threads + " threads)");
        }
    }

    static List<float[]> runVariant(String arch, int threads) {
        Parallel.setThreads(threads);
        Map<String, Object> a = new java.util.LinkedHashMap<>(trm4j.train.ConfigOverrides.defaultArch(Variant.byName(arch)));
        a.putAll(Map.of("hidden_size", 64, "num_heads", 4, "H_cycles", 2, "L_cycles", 2, "seq_len", 36, "vocab_size", 11,
                "puzzle_emb_ndim", 64, "num_puzzle_identifiers", 3, "halt_max_steps", 4, "forward_dtype", "float32"));
        a.putAll(Map.of("H_layers", 2, "L_layers", 2, "puzzle_emb_len", 1));
        a.remove("loss");
        if (arch.equals("transformers_baseline")) { a.remove("L_layers"); a.remove("L_cycles"); a.remove("puzzle_emb_len"); }
        if (arch.equals("hrm")) a.remove("puzzle_emb_len");
        TrmModel m = new TrmModel(TrmConfig.fromMap(a, "threads-test"));
        m.initialize(5);
        return forwardBackward(m);
    }

    /** Forward and backward of {@code m} at batch 7 on random carry fields, inputs and output gradients: its outputs and every gradient. */
    static List<float[]> forwardBackward(TrmModel m) { return forwardBackward(m, 7, TrmModel.gradChunk(m.config, 7)); }

    /** {@link #forwardBackward(TrmModel)} at batch B with the backward pass chunked by {@code gradChunk} items (0: whole batch). */
    static List<float[]> forwardBackward(TrmModel m, int B, int gradChunk) {
        TrmConfig c = m.config;
        int S = c.totalSeqLen(), D = c.hidden_size(), L = c.seq_len(), V = c.vocab_size();
        SplittableRandom rng = new SplittableRandom(9);
        float[][] z = new float[m.variant.latents.size()][B * S * D];
        for (float[] f : z) for (int i = 0; i < f.length; i++) f[i] = (float) rng.nextGaussian();
        float[] rows = new float[B * D];
        for (int i = 0; i < rows.length; i++) rows[i] = (float) rng.nextGaussian();
        int[] inputs = new int[B * L];
        for (int i = 0; i < inputs.length; i++) inputs[i] = rng.nextInt(V);
        float[] dLogits = new float[B * L * V], dq = new float[B], dqc = new float[B];
        for (int i = 0; i < dLogits.length; i++) dLogits[i] = (float) rng.nextGaussian();
        for (int i = 0; i < B; i++) { dq[i] = (float) rng.nextGaussian(); dqc[i] = (float) rng.nextGaussian(); }
        Workspace ws = new Workspace(m, B, gradChunk);
        m.forward(ws, z, inputs, rows);
        m.zeroGrad();
        m.backward(ws, z[0], dLogits, dq, dqc);
        List<float[]> out = new ArrayList<>(List.of(z));
        out.addAll(List.of(ws.logits.clone(), ws.qHalt.clone(), ws.qContinue.clone(), ws.puzzleGrad.clone()));
        for (Param p : m.trainable()) out.add(p.grad.clone());
        return out;
    }

    static List<float[]> run(boolean mlpT, int threads) { return run(mlpT, threads, 128, false); }

    static List<float[]> run(boolean mlpT, int threads, int hidden) { return run(mlpT, threads, hidden, false); }

    /**
     * Forward and backward of a small model (hidden {@code hidden}, 4 heads, L_cycles 2): its outputs and every
     * gradient; {@code recompute}: arch.recompute_activations.
     */
    static List<float[]> run(boolean mlpT, int threads, int hidden, boolean recompute) {
        return forwardBackward(model(mlpT, threads, hidden, recompute));
    }

    /** A small model (hidden {@code hidden}, 4 heads, L_cycles 2), seeded, with the pool set to {@code threads}. */
    static TrmModel model(boolean mlpT, int threads, int hidden, boolean recompute) {
        Parallel.setThreads(threads);
        TrmConfig c = TrmConfig.fromMap(Map.ofEntries(
                Map.entry("hidden_size", hidden), Map.entry("num_heads", 4), Map.entry("expansion", 4), Map.entry("L_layers", 2),
                Map.entry("H_cycles", 2), Map.entry("L_cycles", 2), Map.entry("seq_len", 36), Map.entry("vocab_size", 11),
                Map.entry("puzzle_emb_ndim", hidden), Map.entry("puzzle_emb_len", 1), Map.entry("num_puzzle_identifiers", 3),
                Map.entry("pos_encodings", mlpT ? "none" : "rope"), Map.entry("mlp_t", mlpT), Map.entry("halt_max_steps", 4),
                Map.entry("halt_exploration_prob", 0.1), Map.entry("forward_dtype", "float32"),
                Map.entry("recompute_activations", recompute)), "threads-test");
        TrmModel m = new TrmModel(c);
        m.initialize(5);
        return m;
    }
}
