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

    /** Activations of one application, kept for the backward pass. */
    public final class Cache {
        final int rows;
        final float[] gu;   // [rows, 2I]
        final float[] act;  // [rows, I]

        public Cache(int rows) { this.rows = rows; gu = new float[rows * 2 * inter]; act = new float[rows * inter]; }
    }

    // x: [rows, width]; out: [rows, width]
    public void forward(float[] x, int xOff, float[] out, int outOff, Cache c) {
        Linear.forward(x, xOff, c.rows, width, gateUp.value, null, c.gu, 0, 2 * inter);
        Ops.swiglu(c.gu, 0, c.act, 0, c.rows, inter);
        Linear.forward(c.act, 0, c.rows, inter, down.value, null, out, outOff, width);
    }

    private float[] dAct = new float[0], dGu = new float[0];

    /** dx (+)= d/dx of out given dOut; accumulates weight gradients. */
    // dOut: [rows, width]; x: [rows, width]; dx: [rows, width]
    public void backward(float[] dOut, int dOff, float[] x, int xOff, Cache c, float[] dx, int dxOff, boolean accumulate) {
        int rows = c.rows;
        if (dAct.length < rows * inter) { dAct = new float[rows * inter]; dGu = new float[rows * 2 * inter]; }
        Linear.backward(dOut, dOff, c.act, 0, rows, inter, width, down.value, down.grad, null, dAct, 0, false);
        Ops.swigluBackward(dAct, 0, c.gu, 0, dGu, 0, rows, inter);
        Linear.backward(dGu, 0, x, xOff, rows, width, 2 * inter, gateUp.value, gateUp.grad, null, dx, dxOff, accumulate);
    }
}
