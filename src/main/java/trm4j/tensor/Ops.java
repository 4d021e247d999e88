package trm4j.tensor;

/**
 * Fused element-wise kernels with their backward passes. Rows are independent, so they are split over the
 * shared pool; within a row every sum runs in a fixed order, so results do not depend on the thread count.
 * Each kernel has a Vector API body ({@link VectorOps}) and the scalar loop here as fallback
 * ({@code -Dtrm.vector=false}, or when jdk.incubator.vector is missing at run time).
 */
public final class Ops {
    private Ops() {}

    /** Whether the Vector API bodies run; fixed at class initialisation. */
    static final boolean VECTOR = vectorAvailable();

    private static boolean vectorAvailable() {
        if (!Boolean.parseBoolean(System.getProperty("trm.vector", "true").trim())) return false;
        try {
            return VectorOps.check();
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    /** 1/sqrt(mean(x²) + eps) from the sum of squares, as the official RMSNorm in float32 then double sqrt. */
    static float rmsInv(float ss, int n, float eps) { return (float) (1.0 / Math.sqrt(ss / n + eps)); }

    /** Element count per parallel task: small enough to balance, large enough to amortise the fork. */
    private static final int GRAIN = 1 << 15;

    /** Runs body(lo, hi) over [0, rows) in chunks of about GRAIN elements (rows of width elements). */
    public static void forRows(int rows, int width, Parallel.Range body) {
        int per = Math.max(1, GRAIN / Math.max(1, width));
        int tasks = (rows + per - 1) / per;
        if (tasks <= 1) { body.run(0, rows); return; }
        Parallel.forEach(tasks, t -> body.run(t * per, Math.min(rows, (t + 1) * per)));
    }

    /**
     * out = RMSNorm(a + b) over rows of {@code width}: y = x / sqrt(mean(x²) + eps), no weight.
     * Stores r = 1/sqrt(mean(x²)+eps) per row for the backward. out may alias a or b.
     */
    // a, b, out: [rows, width]; rInv: [rows]
    public static void addRmsNorm(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff,
                                  float[] rInv, int rOff, int rows, int width, float eps) {
        if (VECTOR) {
            forRows(rows, width, (lo, hi) -> {
                for (int r = lo; r < hi; r++) {
                    float inv = VectorOps.addRmsNormRow(a, aOff + r * width, b, bOff + r * width, out, outOff + r * width, width, eps);
                    if (rInv != null) rInv[rOff + r] = inv;
                }
            });
            return;
        }
        forRows(rows, width, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int ia = aOff + r * width, ib = bOff + r * width, io = outOff + r * width;
                float ss = 0f;
                for (int j = 0; j < width; j++) {
                    float x = a[ia + j] + b[ib + j];
                    out[io + j] = x;
                    ss += x * x;
                }
                float inv = rmsInv(ss, width, eps);
                if (rInv != null) rInv[rOff + r] = inv;
                for (int j = 0; j < width; j++) out[io + j] *= inv;
            }
        });
    }

    /** Backward of y = x·r (r = 1/rms(x)): dx = r·(dy − y·mean(dy⊙y)). dx may alias dy. */
    // dy, y, dx: [rows, width]; rInv: [rows]
    public static void rmsNormBackward(float[] dy, int dyOff, float[] y, int yOff, float[] rInv, int rOff,
                                       float[] dx, int dxOff, int rows, int width) {
        if (VECTOR) {
            forRows(rows, width, (lo, hi) -> {
                for (int r = lo; r < hi; r++)
                    VectorOps.rmsNormBackwardRow(dy, dyOff + r * width, y, yOff + r * width, rInv[rOff + r], dx, dxOff + r * width, width);
            });
            return;
        }
        forRows(rows, width, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int id = dyOff + r * width, iy = yOff + r * width, ix = dxOff + r * width;
                float dot = 0f;
                for (int j = 0; j < width; j++) dot += dy[id + j] * y[iy + j];
                float mean = dot / width, inv = rInv[rOff + r];
                for (int j = 0; j < width; j++) dx[ix + j] = inv * (dy[id + j] - y[iy + j] * mean);
            }
        });
    }

    static float sigmoid(float x) { return (float) (1.0 / (1.0 + Math.exp(-x))); }

    /** act = silu(gate)·up, where each row of gu is [gate (inter) | up (inter)]. */
    // gu: [rows, 2·inter]; act: [rows, inter]
    public static void swiglu(float[] gu, int guOff, float[] act, int actOff, int rows, int inter) {
        if (VECTOR) {
            forRows(rows, 2 * inter, (lo, hi) -> {
                for (int r = lo; r < hi; r++) VectorOps.swigluRow(gu, guOff + r * 2 * inter, act, actOff + r * inter, inter);
            });
            return;
        }
        forRows(rows, 2 * inter, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int ig = guOff + r * 2 * inter, ia = actOff + r * inter;
                for (int j = 0; j < inter; j++) {
                    float g = gu[ig + j];
                    act[ia + j] = g * sigmoid(g) * gu[ig + inter + j];
                }
            }
        });
    }

    /** Backward of act = silu(gate)·up: d gate = dact·up·σ(g)(1 + g(1−σ(g))), d up = dact·silu(g). */
    // dact: [rows, inter]; gu, dgu: [rows, 2·inter]
    public static void swigluBackward(float[] dact, int dOff, float[] gu, int guOff, float[] dgu, int dguOff,
                                      int rows, int inter) {
        if (VECTOR) {
            forRows(rows, 2 * inter, (lo, hi) -> {
                for (int r = lo; r < hi; r++)
                    VectorOps.swigluBackwardRow(dact, dOff + r * inter, gu, guOff + r * 2 * inter, dgu, dguOff + r * 2 * inter, inter);
            });
            return;
        }
        forRows(rows, 2 * inter, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int id = dOff + r * inter, ig = guOff + r * 2 * inter, io = dguOff + r * 2 * inter;
                for (int j = 0; j < inter; j++) {
                    float g = gu[ig + j], u = gu[ig + inter + j], d = dact[id + j];
                    float s = sigmoid(g);
                    dgu[io + j] = d * u * s * (1f + g * (1f - s));
                    dgu[io + inter + j] = d * g * s;
                }
            }
        });
    }

    /** In-place softmax of each row (max-subtracted). */
    // x: [rows, cols]
    public static void softmaxRows(float[] x, int off, int rows, int cols) {
        if (VECTOR) {
            for (int r = 0; r < rows; r++) VectorOps.softmaxRow(x, off + r * cols, cols);
            return;
        }
        for (int r = 0; r < rows; r++) {
            int i = off + r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) max = Math.max(max, x[i + j]);
            float sum = 0f;
            for (int j = 0; j < cols; j++) {
                float e = (float) Math.exp(x[i + j] - max);
                x[i + j] = e;
                sum += e;
            }
            float inv = 1f / sum;
            for (int j = 0; j < cols; j++) x[i + j] *= inv;
        }
    }

    /** Backward of row softmax, in place on dp: ds = p ⊙ (dp − Σ dp⊙p). */
    // p, dp: [rows, cols]
    public static void softmaxBackwardRows(float[] p, int pOff, float[] dp, int dOff, int rows, int cols) {
        if (VECTOR) {
            for (int r = 0; r < rows; r++) VectorOps.softmaxBackwardRow(p, pOff + r * cols, dp, dOff + r * cols, cols);
            return;
        }
        for (int r = 0; r < rows; r++) {
            int ip = pOff + r * cols, id = dOff + r * cols;
            float dot = 0f;
            for (int j = 0; j < cols; j++) dot += dp[id + j] * p[ip + j];
            for (int j = 0; j < cols; j++) dp[id + j] = p[ip + j] * (dp[id + j] - dot);
        }
    }

    /** y[i] += x[i] over n elements. */
    public static void addInPlace(float[] y, int yOff, float[] x, int xOff, int n) {
        add(y, yOff, x, xOff, y, yOff, n);
    }

    /** out[i] = a[i] + b[i]. */
    public static void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int n) {
        int chunk = GRAIN;
        int tasks = (n + chunk - 1) / chunk;
        Parallel.forEach(tasks, t -> {
            int lo = t * chunk, hi = Math.min(n, lo + chunk);
            if (VECTOR) VectorOps.addRow(a, aOff + lo, b, bOff + lo, out, outOff + lo, hi - lo);
            else for (int i = lo; i < hi; i++) out[outOff + i] = a[aOff + i] + b[bOff + i];
        });
    }

    /** Transposes each of {@code batch} [rows, cols] matrices into [cols, rows]. */
    public static void transpose(float[] src, int sOff, float[] dst, int dOff, int batch, int rows, int cols) {
        int n = rows * cols;
        Parallel.forEach(batch, b -> {
            int s = sOff + b * n, d = dOff + b * n;
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++) dst[d + j * rows + i] = src[s + i * cols + j];
        });
    }
}
