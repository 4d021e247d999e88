package trm4j.nn;

import trm4j.tensor.Gemm;

/** y = x·Wᵀ (+ bias), W stored [out, in] as in the official CastedLinear. */
public final class Linear {
    private Linear() {}

    /** Below this many outputs, {@link #backwardWeight} computes dWᵀ (see there). */
    static final int SMALL_OUT = 256;

    /** Scratch for dWᵀ in {@link #backwardWeight}. */
    private static final ThreadLocal<float[]> TRANSPOSED = ThreadLocal.withInitial(() -> new float[0]);

    // x: [N, in]; w: [out, in]; bias: [out] or null; y: [N, out]
    public static void forward(float[] x, int xOff, int n, int in, float[] w, float[] bias, float[] y, int yOff, int out) {
        Gemm.gemm(false, true, n, out, in, 1f, x, xOff, in, w, 0, in, 0f, y, yOff, out);
        if (bias != null)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < out; j++) y[yOff + i * out + j] += bias[j];
    }

    /** {@link #forward} with the weight of {@code w}, through its pack while it has one ({@link Param#pack}). */
    // x: [N, in]; w: [out, in]; y: [N, out]
    public static void forward(float[] x, int xOff, int n, int in, Param w, float[] y, int yOff, int out) {
        if (w.packedT != null) Gemm.gemm(false, n, 1f, x, xOff, in, w.packedT, 0f, y, yOff, out);
        else forward(x, xOff, n, in, w.value, null, y, yOff, out);
    }

    /** {@link #backwardInput} with the weight of {@code w}, through its pack while it has one ({@link Param#pack}). */
    // dy: [N, out]; w: [out, in]; dx: [N, in]
    public static void backwardInput(float[] dy, int dyOff, int n, int in, int out, Param w, float[] dx, int dxOff,
                                     boolean accumulate) {
        if (w.packedN != null) Gemm.gemm(false, n, 1f, dy, dyOff, out, w.packedN, accumulate ? 1f : 0f, dx, dxOff, in);
        else backwardInput(dy, dyOff, n, in, out, w.value, dx, dxOff, accumulate);
    }

    /**
     * dW += dyᵀ·x, dbias += Σ_rows dy, and dx = dy·W (or dx += dy·W when {@code accumulate}); dx may be null.
     */
    // dy: [N, out]; x: [N, in]; w, dw: [out, in]; dbias: [out] or null; dx: [N, in] or null
    public static void backward(float[] dy, int dyOff, float[] x, int xOff, int n, int in, int out,
                                float[] w, float[] dw, float[] dbias, float[] dx, int dxOff, boolean accumulate) {
        backwardWeight(dy, dyOff, x, xOff, n, in, out, dw, dbias);
        if (dx != null) backwardInput(dy, dyOff, n, in, out, w, dx, dxOff, accumulate);
    }

    /** dx = dy·W, or dx += dy·W when {@code accumulate}: rows are independent, so any row range may run alone. */
    // dy: [N, out]; w: [out, in]; dx: [N, in]
    public static void backwardInput(float[] dy, int dyOff, int n, int in, int out, float[] w, float[] dx, int dxOff,
                                     boolean accumulate) {
        Gemm.gemm(false, false, n, in, out, 1f, dy, dyOff, out, w, 0, in, accumulate ? 1f : 0f, dx, dxOff, in);
    }

    /**
     * dW += dyᵀ·x (dw may be null), dbias += Σ_rows dy: sums over all N rows, in row order. The GEMM packs its
     * right operand whole (N rows), so when out < in it computes dWᵀ = xᵀ·dy instead (packing the narrower dy) into
     * a scratch and adds its transpose when out is small (below {@link #SMALL_OUT}; with more output rows the
     * packing is a small part of the product): for the demo's down projections that packs 4× less.
     */
    // dy: [N, out]; x: [N, in]; dw: [out, in] or null; dbias: [out] or null
    public static void backwardWeight(float[] dy, int dyOff, float[] x, int xOff, int n, int in, int out,
                                      float[] dw, float[] dbias) {
        boolean transposed = out < in && out < SMALL_OUT;
        if (dw != null && !transposed) Gemm.gemm(true, false, out, in, n, 1f, dy, dyOff, out, x, xOff, in, 1f, dw, 0, in);
        if (dw != null && transposed) {
            float[] t = TRANSPOSED.get();
            if (t.length < in * out) TRANSPOSED.set(t = new float[in * out]);
            Gemm.gemm(true, false, in, out, n, 1f, x, xOff, in, dy, dyOff, out, 0f, t, 0, out);   // t: [in, out]
            for (int i = 0; i < out; i++)
                for (int j = 0; j < in; j++) dw[i * in + j] += t[j * out + i];
        }
        if (dbias != null)
            for (int i = 0; i < n; i++)
                for (int j = 0; j < out; j++) dbias[j] += dy[dyOff + i * out + j];
    }
}
