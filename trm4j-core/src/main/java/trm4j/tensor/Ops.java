package trm4j.tensor;

/**
 * Fused element-wise kernels with their backward passes. Rows are independent, so they are split over the
 * shared pool; within a row every sum runs in one canonical order ({@link #LANES}), so results depend neither on
 * the thread count nor on the vector width. Each kernel has a Vector API body ({@link VectorOps}) and the scalar
 * loop here as fallback ({@code -Dtrm.vector=false}, or when jdk.incubator.vector is missing at run time), with
 * the same operations per element: every path gives the same bits.
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

    /**
     * Row sums run in one canonical order on every path: element j (below the last multiple of LANES) goes to
     * partial sum j mod LANES (fused multiply-adds for dot products), the partial sums are added in order, then the
     * remaining elements one by one. The vector kernels keep 16 partial sums whatever their width (one AVX-512
     * vector, two AVX2 vectors), so results are bit-identical on every width and on this scalar path.
     */
    static final int LANES = 16;

    /** Σ a[j]·b[j] in the canonical order. */
    static float dot(float[] a, int ia, float[] b, int ib, int n) {
        int e = n / LANES * LANES;
        float s = 0f;
        for (int l = 0; l < LANES && l < e; l++) {
            float p = 0f;
            for (int j = l; j < e; j += LANES) p = Math.fma(a[ia + j], b[ib + j], p);
            s += p;
        }
        for (int j = e; j < n; j++) s += a[ia + j] * b[ib + j];
        return s;
    }

    /** Σ a[j] in the canonical order. */
    static float sum(float[] a, int ia, int n) {
        int e = n / LANES * LANES;
        float s = 0f;
        for (int l = 0; l < LANES && l < e; l++) {
            float p = 0f;
            for (int j = l; j < e; j += LANES) p += a[ia + j];
            s += p;
        }
        for (int j = e; j < n; j++) s += a[ia + j];
        return s;
    }

    // exp(x) = 2^n·e^r, n = round(x/ln 2), r = x − n·ln 2 (two-part ln 2), e^r by its degree-7 Taylor
    // polynomial on |r| ≤ ln2/2 (truncation 5e-9, so ≈ 1 ulp from the rounding of the steps).
    static final float LOG2E = 1.44269504f, LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    static final float ROUND = 12582912f;            // 1.5·2^23: adding it rounds to an integer
    static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);
    static final float X_MAX = 88.3f, X_MIN = -87.3f; // 2^n stays a normal float; below X_MIN → 0
    static final float P2 = 1f / 2, P3 = 1f / 6, P4 = 1f / 24, P5 = 1f / 120, P6 = 1f / 720, P7 = 1f / 5040;

    /** exp(x) for the kernels; VectorOps.exp(FloatVector) is its bit-identical twin per element. */
    static float exp(float x) {
        float xc = Math.max(Math.min(x, X_MAX), X_MIN);
        float t = Math.fma(xc, LOG2E, ROUND);
        float n = t - ROUND;
        float r = Math.fma(n, -LN2_HI, xc);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(r, P7, P6);
        p = Math.fma(p, r, P5);
        p = Math.fma(p, r, P4);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        float e = p * Float.intBitsToFloat((Float.floatToRawIntBits(t) - (ROUND_BITS - 127)) << 23);
        return x < X_MIN ? 0f : e;
    }


    /** silu(g)·u = g / (e^−g + 1) · u, as torch computes silu; the vector kernel does the same operations. */
    static float swiglu(float g, float u) { return g / (exp(-g) + 1f) * u; }

    /** d gate = (d·s)·u·(g·(1 − s) + 1), d up = (d·s)·g with s = σ(g), into out[iGate] and out[iUp]. */
    static void swigluBackward(float d, float g, float u, float[] out, int iGate, int iUp) {
        float s = 1f / (exp(-g) + 1f), ds = d * s;
        out[iGate] = ds * u * (g * (-s + 1f) + 1f);
        out[iUp] = ds * g;
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
            forRows(rows, width, (lo, hi) -> VectorOps.addRmsNormRows(a, aOff, b, bOff, out, outOff, rInv, rOff, lo, hi, width, eps));
            return;
        }
        forRows(rows, width, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int ia = aOff + r * width, ib = bOff + r * width, io = outOff + r * width;
                for (int j = 0; j < width; j++) out[io + j] = a[ia + j] + b[ib + j];
                float inv = rmsInv(dot(out, io, out, io, width), width, eps);
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
            forRows(rows, width, (lo, hi) -> VectorOps.rmsNormBackwardRows(dy, dyOff, y, yOff, rInv, rOff, dx, dxOff, lo, hi, width));
            return;
        }
        forRows(rows, width, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int id = dyOff + r * width, iy = yOff + r * width, ix = dxOff + r * width;
                float mean = dot(dy, id, y, iy, width) / width, inv = rInv[rOff + r];
                for (int j = 0; j < width; j++) dx[ix + j] = (y[iy + j] * -mean + dy[id + j]) * inv;
            }
        });
    }

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
                for (int j = 0; j < inter; j++) act[ia + j] = swiglu(gu[ig + j], gu[ig + inter + j]);
            }
        });
    }

    /**
     * Backward of act = silu(gate)·up: d gate = dact·up·σ(g)(1 + g(1−σ(g))), d up = dact·silu(g). dgu may be gu
     * (in place: every element is read before it is written).
     */
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
                for (int j = 0; j < inter; j++)
                    swigluBackward(dact[id + j], gu[ig + j], gu[ig + inter + j], dgu, io + j, io + inter + j);
            }
        });
    }

    /** In-place softmax of each row (max-subtracted). */
    // x: [rows, cols]
    public static void softmaxRows(float[] x, int off, int rows, int cols) {
        if (VECTOR) VectorOps.softmaxRows(x, off, rows, cols);
        else softmaxRowsScalar(x, off, rows, cols);
    }

    /** The scalar loop of {@link #softmaxRows} (the fallback, and the twin the vector path must equal). */
    // x: [rows, cols]
    static void softmaxRowsScalar(float[] x, int off, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int i = off + r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) max = Math.max(max, x[i + j]);
            for (int j = 0; j < cols; j++) x[i + j] = exp(x[i + j] - max);
            float inv = 1f / sum(x, i, cols);
            for (int j = 0; j < cols; j++) x[i + j] *= inv;
        }
    }

    /** Backward of row softmax, in place on dp: ds = p ⊙ (dp − Σ dp⊙p). */
    // p, dp: [rows, cols]
    public static void softmaxBackwardRows(float[] p, int pOff, float[] dp, int dOff, int rows, int cols) {
        if (VECTOR) {
            VectorOps.softmaxBackwardRows(p, pOff, dp, dOff, rows, cols);
            return;
        }
        for (int r = 0; r < rows; r++) {
            int ip = pOff + r * cols, id = dOff + r * cols;
            float dot = dot(dp, id, p, ip, cols);
            for (int j = 0; j < cols; j++) dp[id + j] = (dp[id + j] - dot) * p[ip + j];
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

    /**
     * From this many rows on, {@link #transpose} goes by {@link #TRANSPOSE_TILE}-square tiles: its writes are rows
     * floats apart, and at ≥ 1 KiB apart a long column of writes keeps evicting its own cache lines (a [512, 97]
     * matrix: 8.9 ns per element row by row, 1.1 by tiles; a [97, 512] one 0.48 row by row, 0.78 by tiles).
     */
    private static final int TRANSPOSE_TILED_ROWS = 256, TRANSPOSE_TILE = 16;

    /** Transposes each of {@code batch} [rows, cols] matrices into [cols, rows]. */
    public static void transpose(float[] src, int sOff, float[] dst, int dOff, int batch, int rows, int cols) {
        int n = rows * cols, t = rows >= TRANSPOSE_TILED_ROWS ? TRANSPOSE_TILE : Math.max(rows, cols);
        Parallel.forEach(batch, b -> {
            int s = sOff + b * n, d = dOff + b * n;
            for (int i0 = 0; i0 < rows; i0 += t)
                for (int j0 = 0; j0 < cols; j0 += t)
                    for (int i = i0, i1 = Math.min(rows, i0 + t); i < i1; i++)
                        for (int j = j0, j1 = Math.min(cols, j0 + t); j < j1; j++) dst[d + j * rows + i] = src[s + i * cols + j];
        });
    }

    /**
     * The AdamATan2 update of elements [from, to) (see trm4j.train.AdamAtan2), the CUDA kernel's per-element math
     * with its fused multiply-adds: w ← fma(−stepSize, atan2(m', √v' / bc2Sqrt), w·decay) with the moments
     * m' = fma(c1, g, fma(−c1, m, m)) and v' = fma(c2, g², fma(−c2, v, v)); atan2 is StrictMath's (same bits on every
     * JVM), in double, then rounded. Runs on the calling thread (the optimizer splits its tensors over the pool).
     */
    public static void adamAtan2(float[] w, float[] g, float[] m, float[] v, int from, int to,
                                 float stepSize, float decay, float bc2Sqrt, float c1, float c2) {
        if (VECTOR) VectorOps.adamAtan2(w, g, m, v, from, to, stepSize, decay, bc2Sqrt, c1, c2);
        else adamAtan2Scalar(w, g, m, v, from, to, stepSize, decay, bc2Sqrt, c1, c2);
    }

    static void adamAtan2Scalar(float[] w, float[] g, float[] m, float[] v, int from, int to,
                                float stepSize, float decay, float bc2Sqrt, float c1, float c2) {
        for (int i = from; i < to; i++) {
            float p = w[i] * decay;
            float gi = g[i];
            float mi = Math.fma(c1, gi, Math.fma(-c1, m[i], m[i]));
            float vi = Math.fma(c2, gi * gi, Math.fma(-c2, v[i], v[i]));
            float denom = (float) Math.sqrt(vi) / bc2Sqrt;
            float dir = (float) StrictMath.atan2(mi, denom);
            w[i] = Math.fma(-stepSize, dir, p);
            m[i] = mi;
            v[i] = vi;
        }
    }
}
