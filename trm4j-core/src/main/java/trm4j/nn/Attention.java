package trm4j.nn;

import trm4j.tensor.Gemm;
import trm4j.tensor.Ops;
import trm4j.tensor.Parallel;

/**
 * Non-causal multi-head self-attention, no mask: packed qkv_proj (rows: all Q heads, then K, then V), RoPE on Q
 * and K when configured, softmax(Q·Kᵀ/√d)·V per head, heads concatenated, o_proj. As officially, head_dim =
 * hidden // num_heads and the heads span I = num_heads·head_dim, which is less than hidden when num_heads does
 * not divide it (the transformer baseline's 12 heads at 512).
 */
public final class Attention {
    public final Param qkv;   // [3I, D]
    public final Param o;     // [D, I]
    final int hidden, heads, headDim, inner, seq;
    final float scale;
    final Rope rope;          // null when pos_encodings != rope

    public Attention(String prefix, int hidden, int heads, int seq, Rope rope) {
        this.hidden = hidden;
        this.heads = heads;
        this.headDim = hidden / heads;
        this.inner = heads * headDim;
        this.seq = seq;
        this.rope = rope;
        this.scale = (float) (1.0 / Math.sqrt(headDim));
        this.qkv = new Param(prefix + ".qkv_proj.weight", true, 3 * inner, hidden);
        this.o = new Param(prefix + ".o_proj.weight", true, hidden, inner);
    }

    /** Activations of one application. */
    public final class Cache {
        final int batch;
        final float[] qkvOut;  // [B, S, 3I], Q and K after RoPE
        final float[] probs;   // [B, H, S, S]
        final float[] heads;   // [B, S, I] concatenated head outputs

        public Cache(int batch) {
            this.batch = batch;
            qkvOut = new float[batch * seq * 3 * inner];
            probs = new float[batch * Attention.this.heads * seq * seq];
            heads = new float[batch * seq * inner];
        }
    }

    // x: [B, S, D]; out: [B, S, D]
    public void forward(float[] x, int xOff, float[] out, int outOff, Cache c) { forward(x, xOff, out, outOff, c, 0, c.batch); }

    /** The forward of batch items [b0, b1) only (items are independent). */
    // x: [B, S, D]; out: [B, S, D]
    public void forward(float[] x, int xOff, float[] out, int outOff, Cache c, int b0, int b1) {
        int n = (b1 - b0) * seq, d3 = 3 * inner, row0 = b0 * seq;
        Linear.forward(x, xOff + row0 * hidden, n, hidden, qkv, c.qkvOut, row0 * d3, d3);
        if (rope != null) {
            Parallel.forEach(b1 - b0, i -> {
                int b = b0 + i;
                for (int s = 0; s < seq; s++)
                    for (int h = 0; h < 2 * heads; h++) rope.apply(c.qkvOut, (b * seq + s) * d3 + h * headDim, s);
            });
        }
        attend(c, b0, b1);
        Linear.forward(c.heads, row0 * inner, n, inner, o, out, outOff + row0 * hidden, hidden);
    }

    /**
     * The attention proper of batch items [b0, b1), one task per (item, head): scores = scale·Q·Kᵀ, row softmax,
     * probs·V, from the cache's qkv output into its probs and heads.
     */
    public void attend(Cache c, int b0, int b1) {
        int d3 = 3 * inner;
        Parallel.forEach((b1 - b0) * heads, i -> {
            int bh = b0 * heads + i, b = bh / heads, h = bh % heads;
            int base = b * seq * d3, p = bh * seq * seq;
            Gemm.gemm(false, true, seq, seq, headDim, scale, c.qkvOut, base + h * headDim, d3,
                    c.qkvOut, base + inner + h * headDim, d3, 0f, c.probs, p, seq);
            Ops.softmaxRows(c.probs, p, seq, seq);
            Gemm.gemm(false, false, seq, headDim, seq, 1f, c.probs, p, seq,
                    c.qkvOut, base + 2 * inner + h * headDim, d3, 0f, c.heads, b * seq * inner + h * headDim, inner);
        });
    }

    /** Multiply-adds ×2 of {@link #attend} per batch item: two seq × seq × head_dim products per head. */
    public double attendFlopsPerItem() { return 2.0 * 2 * heads * (double) seq * seq * headDim; }

    /** Fills the cache's qkv output with values in [−1, 1) (benchmarks of {@link #attend} alone). */
    public void fillQkvForBenchmark(Cache c, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        for (int i = 0; i < c.qkvOut.length; i++) c.qkvOut[i] = (float) (r.nextDouble() * 2 - 1);
    }

    private float[] dHeads = new float[0], dQkv = new float[0], dProbs = new float[0];

    /** dx (+)= gradient w.r.t. the input; accumulates weight gradients. */
    // dOut: [B, S, D]; x: [B, S, D]; dx: [B, S, D]
    public void backward(float[] dOut, int dOff, float[] x, int xOff, Cache c, float[] dx, int dxOff, boolean accumulate) {
        backwardInput(dOut, dOff, c, dx, dxOff, accumulate, 0, c.batch);
        backwardWeights(dOut, dOff, x, xOff, c);
    }

    /** The input-gradient part of {@link #backward} for batch items [b0, b1); {@link #backwardWeights} follows. */
    // dOut: [B, S, D]; dx: [B, S, D]
    public void backwardInput(float[] dOut, int dOff, Cache c, float[] dx, int dxOff, boolean accumulate, int b0, int b1) {
        int n = (b1 - b0) * seq, d3 = 3 * inner, row0 = b0 * seq;
        scratch(c.batch);
        float[] dH = dHeads, dq = dQkv, dp = dProbs;
        Linear.backwardInput(dOut, dOff + row0 * hidden, n, inner, hidden, o, dH, row0 * inner, false);
        Parallel.forEach((b1 - b0) * heads, i -> {
            int bh = b0 * heads + i, b = bh / heads, h = bh % heads;
            int base = b * seq * d3, p = bh * seq * seq, hOff = b * seq * inner + h * headDim;
            int qO = base + h * headDim, kO = base + inner + h * headDim, vO = base + 2 * inner + h * headDim;
            // dP = dO·Vᵀ ; dV = Pᵀ·dO
            Gemm.gemm(false, true, seq, seq, headDim, 1f, dH, hOff, inner, c.qkvOut, vO, d3, 0f, dp, p, seq);
            Gemm.gemm(true, false, seq, headDim, seq, 1f, c.probs, p, seq, dH, hOff, inner, 0f, dq, vO, d3);
            Ops.softmaxBackwardRows(c.probs, p, dp, p, seq, seq);
            // scores = scale·Q·Kᵀ: dQ = scale·dS·K ; dK = scale·dSᵀ·Q
            Gemm.gemm(false, false, seq, headDim, seq, scale, dp, p, seq, c.qkvOut, kO, d3, 0f, dq, qO, d3);
            Gemm.gemm(true, false, seq, headDim, seq, scale, dp, p, seq, c.qkvOut, qO, d3, 0f, dq, kO, d3);
        });
        if (rope != null) {
            Parallel.forEach(b1 - b0, i -> {
                int b = b0 + i;
                for (int s = 0; s < seq; s++)
                    for (int h = 0; h < 2 * heads; h++) rope.backward(dq, (b * seq + s) * d3 + h * headDim, s);
            });
        }
        Linear.backwardInput(dq, row0 * d3, n, hidden, d3, qkv, dx, dxOff + row0 * hidden, accumulate);
    }

    /** The weight-gradient part of {@link #backward}, over the whole batch (x: the projection's input). */
    // dOut: [B, S, D]; x: [B, S, D]
    public void backwardWeights(float[] dOut, int dOff, float[] x, int xOff, Cache c) {
        backwardWeights(dOut, dOff, x, xOff, c, 0, c.batch, GradSink.PARAMS);
    }

    /** The weight gradients of batch items [b0, b1) only (after their {@link #backwardInput}), into {@code g}. */
    // dOut: [B, S, D]; x: [B, S, D]
    public void backwardWeights(float[] dOut, int dOff, float[] x, int xOff, Cache c, int b0, int b1, GradSink g) {
        int n = (b1 - b0) * seq, r0 = b0 * seq;
        Linear.backwardWeight(dOut, dOff + r0 * hidden, c.heads, r0 * inner, n, inner, hidden, g.of(o), null);
        Linear.backwardWeight(dQkv, r0 * 3 * inner, x, xOff + r0 * hidden, n, hidden, 3 * inner, g.of(qkv), null);
    }

    private synchronized void scratch(int batch) {
        int n = batch * seq;
        if (dHeads.length < n * inner) {
            dHeads = new float[n * inner];
            dQkv = new float[n * 3 * inner];
            dProbs = new float[batch * heads * seq * seq];
        }
    }
}
