package trm4j.nn;

import trm4j.tensor.Ops;

/**
 * The mlp_t token mixer: h ← transpose(RMS_S(hT + SwiGLU_S(hT))) with hT = transpose(h). The SwiGLU runs over
 * the sequence axis (width S) for every channel, and its RMSNorm normalises over the sequence axis too.
 */
public final class TokenMixer {
    public final SwiGlu mlp;
    final int hidden, seq;
    final float eps;

    public TokenMixer(String prefix, int hidden, int seq, double expansion, float eps) {
        this.hidden = hidden;
        this.seq = seq;
        this.eps = eps;
        this.mlp = new SwiGlu(prefix, seq, expansion);
    }

    public final class Cache {
        final int batch;
        final float[] xT;     // [B, D, S] the input, transposed
        final float[] yT;     // [B, D, S] the normalised output, transposed
        final float[] rInv;   // [B·D]
        final SwiGlu.Cache swiglu;

        public Cache(int batch) {
            this.batch = batch;
            xT = new float[batch * hidden * seq];
            yT = new float[batch * hidden * seq];
            rInv = new float[batch * hidden];
            swiglu = mlp.new Cache(batch * hidden);
        }
    }

    // x: [B, S, D]; out: [B, S, D] (may alias x)
    public void forward(float[] x, int xOff, float[] out, int outOff, Cache c) { forward(x, xOff, out, outOff, c, 0, c.batch); }

    /** The forward of batch items [b0, b1) only (items are independent). */
    // x: [B, S, D]; out: [B, S, D] (may alias x)
    public void forward(float[] x, int xOff, float[] out, int outOff, Cache c, int b0, int b1) {
        int items = b1 - b0, n = seq * hidden, r0 = b0 * hidden, r1 = b1 * hidden;
        Ops.transpose(x, xOff + b0 * n, c.xT, b0 * n, items, seq, hidden);
        mlp.forward(c.xT, 0, c.yT, 0, c.swiglu, r0, r1);
        Ops.addRmsNorm(c.xT, r0 * seq, c.yT, r0 * seq, c.yT, r0 * seq, c.rInv, r0, r1 - r0, seq, eps);
        Ops.transpose(c.yT, b0 * n, out, outOff + b0 * n, items, hidden, seq);
    }

    private float[] dT = new float[0], dxT = new float[0];

    /** dx = gradient w.r.t. the input x, from dOut; accumulates the SwiGLU weight gradients. */
    // dOut, dx: [B, S, D]
    public void backward(float[] dOut, int dOff, Cache c, float[] dx, int dxOff) {
        backwardInput(dOut, dOff, c, dx, dxOff, 0, c.batch);
        backwardWeights(c);
    }

    /** The input-gradient part of {@link #backward} for batch items [b0, b1); {@link #backwardWeights} follows. */
    // dOut, dx: [B, S, D]
    public void backwardInput(float[] dOut, int dOff, Cache c, float[] dx, int dxOff, int b0, int b1) {
        int items = b1 - b0, n = seq * hidden, r0 = b0 * hidden, rows = items * hidden;
        scratch(c.batch * n);
        Ops.transpose(dOut, dOff + b0 * n, dT, b0 * n, items, seq, hidden);
        Ops.rmsNormBackward(dT, b0 * n, c.yT, b0 * n, c.rInv, r0, dT, b0 * n, rows, seq);   // dT = d(xT + m)
        System.arraycopy(dT, b0 * n, dxT, b0 * n, items * n);                                // residual path
        mlp.backwardInput(dT, 0, c.swiglu, dxT, 0, true, r0, r0 + rows);
        Ops.transpose(dxT, b0 * n, dx, dxOff + b0 * n, items, hidden, seq);
    }

    /** The weight-gradient part of {@link #backward}, over the whole batch. */
    public void backwardWeights(Cache c) { backwardWeights(c, 0, c.batch, GradSink.PARAMS); }

    /** The weight gradients of batch items [b0, b1) only (after their {@link #backwardInput}), into {@code g}. */
    public void backwardWeights(Cache c, int b0, int b1, GradSink g) {
        mlp.backwardWeights(dT, 0, c.xT, 0, c.swiglu, b0 * hidden, b1 * hidden, g);
    }

    private synchronized void scratch(int n) {
        if (dT.length < n) { dT = new float[n]; dxT = new float[n]; }
    }
}
