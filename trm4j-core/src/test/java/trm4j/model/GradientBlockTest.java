package trm4j.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import trm4j.nn.Param;
import trm4j.nn.Reference;
import trm4j.nn.Rope;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import static trm4j.nn.GradCheck.*;

/**
 * Gradient check of one {@link TrmBlock} of each kind: attention with RoPE (attention without positions is covered
 * by AttentionGradientTest and the learned-positions model check) and the mlp_t token mixer, each followed by the
 * post-norm SwiGLU (the official {@code TinyRecursiveReasoningModel_ACTV1Block}). Method ({@link trm4j.nn.GradCheck}): a double reference forward composed from
 * {@link Reference} (h1 = RMS(x + Attn(x)) or the token mixer; out = RMS(h1 + SwiGLU(h1))), J = Σ r ⊙ out,
 * central differences in double (h = 1e-6) w.r.t. every input element and every weight element (200 random ones
 * of the 256-wide SwiGLU matrices), against TrmBlock.backward with dOut = r; relative ∞-norm error ≤ 1e-3;
 * reference forward within 1e-5 of the float32 forward.
 */
class GradientBlockTest {
    static TrmConfig config(int hidden, int heads, int layers, int hCycles, int lCycles, int seqLen, int vocab,
                            int ndim, int plen, String pos, boolean mlpT) {
        return new TrmConfig(hidden, heads, 4.0, layers, hCycles, lCycles, seqLen, vocab, ndim, plen, 3, pos, mlpT,
                2, 0.1, true, 1e-5, 10000.0, "float32", false);
    }

    /** Random weights at about LeCun scale (qkv a little larger, so attention is far from uniform). */
    static void randomize(Param p, SplittableRandom rng) {
        int[] shape = p.shape();
        double std = shape.length == 2 ? 1 / Math.sqrt(shape[1]) : 1;
        if (p.name.endsWith("qkv_proj.weight")) std *= 1.5;
        System.arraycopy(normal(rng, p.size(), std), 0, p.value, 0, p.size());
    }

    /** The double reference of one block on x [B, S, D]; weights by official name. */
    static double[] referenceBlock(TrmBlock blk, Map<String, double[]> w, double[] x, int batch, int heads,
                                   double[][] ropeTables) {
        int S = blk.seq, D = blk.hidden, n = batch * S;
        double eps = blk.eps;
        double[] h1;
        if (blk.attn != null) {
            double[] a = Reference.attention(x, batch, S, D, heads, w.get(blk.attn.qkv.name), w.get(blk.attn.o.name), ropeTables);
            h1 = Reference.addRms(x, a, n, D, eps);
        } else {
            var m = blk.mixer.mlp;
            h1 = Reference.tokenMixer(x, batch, S, D, w.get(m.gateUp.name), w.get(m.down.name), m.inter, eps);
        }
        double[] m = Reference.swiglu(h1, n, D, w.get(blk.mlp.gateUp.name), w.get(blk.mlp.down.name), blk.mlp.inter);
        return Reference.addRms(h1, m, n, D, eps);
    }

    @ParameterizedTest(name = "{0}, B={1}, seq_len={2}, D={3}, heads={4}")
    @CsvSource({"rope,2,6,8,2", "mlp_t,2,5,6,1"})
    void backwardMatchesFiniteDifferences(String kind, int batch, int seqLen, int hidden, int heads) {
        SplittableRandom rng = new SplittableRandom(71 + seqLen + hidden);
        boolean mlpT = kind.equals("mlp_t");
        TrmConfig c = config(hidden, heads, 1, 1, 1, seqLen, 4, 0, 0, mlpT ? "none" : kind, mlpT);
        int S = c.totalSeqLen(), D = hidden, n = batch * S * D;
        Rope rope = c.rope() ? new Rope(S, c.headDim(), c.rope_theta()) : null;
        double[][] tables = c.rope() ? Reference.ropeTables(S, c.headDim(), c.rope_theta()) : null;
        TrmBlock blk = new TrmBlock(c, "L_level", 0, rope);
        Map<String, double[]> w = new LinkedHashMap<>();
        for (Param p : blk.params()) { randomize(p, rng); w.put(p.name, toDouble(p.value)); }
        float[] x = normal(rng, n, 1), r = normal(rng, n, 1);
        TrmBlock.Cache cache = blk.new Cache(batch);
        blk.forward(x, cache);
        double[] xd = toDouble(x), rd = toDouble(r);
        String tag = "TrmBlock(" + kind + ")";
        checkForward(tag, cache.out, referenceBlock(blk, w, xd, batch, heads, tables));

        float[] dx = normal(rng, n, 1);   // overwritten by the backward
        blk.backward(r, x, cache, dx);
        DoubleSupplier j = () -> dot(rd, referenceBlock(blk, w, xd, batch, heads, tables));
        check(tag + " d/dx", xd, dx, j, rng);
        for (Param p : blk.params()) check(tag + " d/" + p.name.substring("model.inner.L_level.layers.0.".length()),
                w.get(p.name), p.grad, j, rng);
    }
}
