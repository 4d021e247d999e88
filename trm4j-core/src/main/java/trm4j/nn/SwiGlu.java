package trm4j.nn;

import trm4j.tensor.Ops;

/**
 * SwiGLU of the official code: gu = x·W_guᵀ (gate = first half, up = second half), out = (silu(gate)·up)·W_dᵀ.
 * Intermediate size I = 256·ceil(round(expansion·width·2/3) / 256), Python's round (half to even).
 */
public final class SwiGlu {
    public final Param gateUp;   // [2I, width]
    public final Param down;     // [width, I]
    public final int width, inter;

    public SwiGlu(String prefix, int width, double expansion) {
        this.width = width;
        this.inter = intermediateSize(width, expansion);
        this.gateUp = new Param(prefix + ".gate_up_proj.weight", true, 2 * inter, width);
        this.down = new Param(prefix + ".down_proj.weight", true, width, inter);
    }

    public static int intermediateSize(int width, double expansion) {
        long r = Math.round(expansion * width * 2.0 / 3.0);
        double exact = expansion * width * 2.0 / 3.0;
        if (Math.abs(exact - Math.floor(exact) - 0.5) == 0 && (r & 1) == 1) r--; // round half to even
        return (int) ((r + 255) / 256 * 256);
    }

    /**
     * Activations of one application, kept for the backward pass. The backward pass overwrites gu with its
     * gradient (the pre-activation is not needed after it), which saves a [rows, 2I] buffer per layer: a
     * cache serves one backward pass per forward.
     */
    public final class Cache {
        final int rows;
        final float[] gu;   // [rows, 2I] gate_up output; after backwardInput: its gradient
        final float[] act;  // [rows, I]

        public Cache(int rows) { this.rows = rows; gu = new float[rows * 2 * inter]; act = new float[rows * inter]; }
    }

    // x: [rows, width]; out: [rows, width]
    public void forward(float[] x, int xOff, float[] out, int outOff, Cache c) { forward(x, xOff, out, outOff, c, 0, c.rows); }

    /** The forward of rows [r0, r1) only (rows are independent). */
    // x: [rows, width]; out: [rows, width]
    public void forward(float[] x, int xOff, float[] out, int outOff, Cache c, int r0, int r1) {
        int n = r1 - r0, i2 = 2 * inter;
        Linear.forward(x, xOff + r0 * width, n, width, gateUp, c.gu, r0 * i2, i2);
        Ops.swiglu(c.gu, r0 * i2, c.act, r0 * inter, n, inter);
        Linear.forward(c.act, r0 * inter, n, inter, down, out, outOff + r0 * width, width);
    }

    private float[] dAct = new float[0];

    /** dx (+)= d/dx of out given dOut; accumulates weight gradients. */
    // dOut: [rows, width]; x: [rows, width]; dx: [rows, width]
    public void backward(float[] dOut, int dOff, float[] x, int xOff, Cache c, float[] dx, int dxOff, boolean accumulate) {
        backwardInput(dOut, dOff, c, dx, dxOff, accumulate, 0, c.rows);
        backwardWeights(dOut, dOff, x, xOff, c);
    }

    /**
     * The input-gradient part of {@link #backward} for rows [r0, r1): dx (+)= d/dx of out. Leaves d(gate_up) in
     * place of the cached gate_up output for {@link #backwardWeights}, which must follow once every row is done.
     */
    // dOut: [rows, width]; dx: [rows, width]
    public void backwardInput(float[] dOut, int dOff, Cache c, float[] dx, int dxOff, boolean accumulate, int r0, int r1) {
        int n = r1 - r0, i2 = 2 * inter;
        scratch(c.rows);
        Linear.backwardInput(dOut, dOff + r0 * width, n, inter, width, down, dAct, r0 * inter, false);
        Ops.swigluBackward(dAct, r0 * inter, c.gu, r0 * i2, c.gu, r0 * i2, n, inter);   // in place: gu ← d(gate_up)
        Linear.backwardInput(c.gu, r0 * i2, n, width, i2, gateUp, dx, dxOff + r0 * width, accumulate);
    }

    /** The weight-gradient part of {@link #backward}, over all rows (after {@link #backwardInput} of every row). */
    // dOut: [rows, width]; x: [rows, width]
    public void backwardWeights(float[] dOut, int dOff, float[] x, int xOff, Cache c) {
        backwardWeights(dOut, dOff, x, xOff, c, 0, c.rows, GradSink.PARAMS);
    }

    /** The weight gradients of rows [r0, r1) only (after their {@link #backwardInput}), added to {@code g}'s buffers. */
    // dOut: [rows, width]; x: [rows, width]
    public void backwardWeights(float[] dOut, int dOff, float[] x, int xOff, Cache c, int r0, int r1, GradSink g) {
        int n = r1 - r0, i2 = 2 * inter;
        Linear.backwardWeight(dOut, dOff + r0 * width, c.act, r0 * inter, n, inter, width, g.of(down), null);
        Linear.backwardWeight(c.gu, r0 * i2, x, xOff + r0 * width, n, width, i2, g.of(gateUp), null);
    }

    private synchronized void scratch(int rows) {
        if (dAct.length < rows * inter) dAct = new float[rows * inter];
    }
}
