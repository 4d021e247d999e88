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
    public void forward(float[] x, int xOff, float[] out, int outOff, Cache c) {
        int rows = c.batch * hidden;
        Ops.transpose(x, xOff, c.xT, 0, c.batch, seq, hidden);
        mlp.forward(c.xT, 0, c.yT, 0, c.swiglu);
        Ops.addRmsNorm(c.xT, 0, c.yT, 0, c.yT, 0, c.rInv, 0, rows, seq, eps);
        Ops.transpose(c.yT, 0, out, outOff, c.batch, hidden, seq);
    }

    private float[] dT = new float[0], dxT = new float[0];

    /** dx = gradient w.r.t. the input x, from dOut; accumulates the SwiGLU weight gradients. */
    // dOut, dx: [B, S, D]
    public void backward(float[] dOut, int dOff, Cache c, float[] dx, int dxOff) {
        int rows = c.batch * hidden, n = rows * seq;
        if (dT.length < n) { dT = new float[n]; dxT = new float[n]; }
        Ops.transpose(dOut, dOff, dT, 0, c.batch, seq, hidden);
        Ops.rmsNormBackward(dT, 0, c.yT, 0, c.rInv, 0, dT, 0, rows, seq);      // dT = d(xT + m)
        System.arraycopy(dT, 0, dxT, 0, n);                                     // residual path
        mlp.backward(dT, 0, c.xT, 0, c.swiglu, dxT, 0, true);
        Ops.transpose(dxT, 0, dx, dxOff, c.batch, hidden, seq);
    }
}
