package trm4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API bodies of the element-wise kernels of {@link Ops} (one row per call; {@link Ops} does the splitting
 * over threads and keeps the scalar loops as fallback). Every operation matches the scalar loop's, and row sums
 * keep {@link Ops#LANES} partial sums whatever the vector width, so every width gives the scalar loop's bits.
 * exp is {@link #exp}, a polynomial built from plain IEEE operations (not the Vector API's EXP, whose result
 * differs between interpreted and C2-compiled code, so a run would depend on JIT timing); silu is computed as
 * x / (1 + e^−x), as torch does.
 */
final class VectorOps {
    private VectorOps() {}

    static final VectorSpecies<Float> S = GemmKernel.S;
    static final int L = S.length();

    /** Fails here (class loading) when jdk.incubator.vector is not resolved, so {@link Ops} can fall back. */
    static boolean check() {
        float[] a = {1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f, 13f, 14f, 15f, 16f, 17f};
        float[] o = new float[a.length];
        addRow(a, 0, a, 0, o, 0, a.length);
        return o[16] == 34f;
    }

    /** Vectors per {@link Ops#LANES} canonical partial sums (0: vectors wider than that; the scalar twins run). */
    static final int K = L <= Ops.LANES ? Ops.LANES / L : 0;

    /** Offsets of consecutive rows' partial sums in the scratch block of {@link #dots}: lane i reads row i. */
    /** Floats of the scratch block of {@link #dots}. */
    static final int DOTS_SCRATCH = L * Ops.LANES;

    private static final int[] ROW_LANES = java.util.stream.IntStream.range(0, L).map(i -> i * Ops.LANES).toArray();

    /**
     * dots[d0 + i] = Σ_j a[ia + i·stride + j]·b[ib + i·stride + j] (j < n) for the rows i < rows, each in
     * {@link Ops#dot}'s order (16 partial sums however wide the vectors are, added in lane order from 0, then the
     * tail), so bit-identical to it on every vector width. Lanes are added one by one, in order (not
     * reduceLanes(ADD), whose order is unspecified and differs between interpreted and C2-compiled code), but for L
     * rows at once: each row's 16 partial sums go to a scratch block, and lane l of every row is gathered into one
     * vector and added. Row by row, that sum is a chain of 16 dependent scalar adds: a 64-wide RMSNorm row took
     * 0.43 ns per element on Zen 5, most of it waiting on that chain. {@code part}: scratch of {@link #DOTS_SCRATCH}.
     */
    static void dots(float[] a, int ia, float[] b, int ib, int stride, int n, int rows, float[] dots, int d0, float[] part) {
        int e = n / Ops.LANES * Ops.LANES;
        if (K == 0) {   // vectors wider than 16 lanes
            for (int i = 0; i < rows; i++) dots[d0 + i] = Ops.dot(a, ia + i * stride, b, ib + i * stride, n);
            return;
        }
        for (int r0 = 0; r0 < rows; r0 += L) {
            int m = Math.min(L, rows - r0);
            for (int i = 0; i < m; i++) {
                int ja = ia + (r0 + i) * stride, jb = ib + (r0 + i) * stride;
                FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
                for (int j = 0; j < e; j += Ops.LANES) {
                    s0 = FloatVector.fromArray(S, a, ja + j).fma(FloatVector.fromArray(S, b, jb + j), s0);
                    if (K > 1) s1 = FloatVector.fromArray(S, a, ja + j + L).fma(FloatVector.fromArray(S, b, jb + j + L), s1);
                    if (K > 2) {
                        s2 = FloatVector.fromArray(S, a, ja + j + 2 * L).fma(FloatVector.fromArray(S, b, jb + j + 2 * L), s2);
                        s3 = FloatVector.fromArray(S, a, ja + j + 3 * L).fma(FloatVector.fromArray(S, b, jb + j + 3 * L), s3);
                    }
                }
                int p = i * Ops.LANES;   // the row's partial sums in lane order, whatever K
                s0.intoArray(part, p);
                if (K > 1) s1.intoArray(part, p + L);
                if (K > 2) { s2.intoArray(part, p + 2 * L); s3.intoArray(part, p + 3 * L); }
            }
            FloatVector sum = FloatVector.zero(S);
            for (int l = 0; l < Ops.LANES; l++) sum = sum.add(FloatVector.fromArray(S, part, l, ROW_LANES, 0));
            sum.intoArray(dots, d0 + r0, S.indexInRange(0, m));
            for (int i = 0; i < m; i++) {
                int ja = ia + (r0 + i) * stride, jb = ib + (r0 + i) * stride;
                float t = dots[d0 + r0 + i];
                for (int j = e; j < n; j++) t += a[ja + j] * b[jb + j];
                dots[d0 + r0 + i] = t;
            }
        }
    }

    /** Σ a[j] in {@link Ops#sum}'s order (see {@link #dot}). */
    static float sum(float[] a, int ia, int n) {
        if (K == 0) return Ops.sum(a, ia, n);
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int j = 0, e = n / Ops.LANES * Ops.LANES;
        for (; j < e; j += Ops.LANES) {
            s0 = s0.add(FloatVector.fromArray(S, a, ia + j));
            if (K > 1) s1 = s1.add(FloatVector.fromArray(S, a, ia + j + L));
            if (K > 2) {
                s2 = s2.add(FloatVector.fromArray(S, a, ia + j + 2 * L));
                s3 = s3.add(FloatVector.fromArray(S, a, ia + j + 3 * L));
            }
        }
        float s = lanes(lanes(lanes(lanes(0f, s0, true), s1, K > 1), s2, K > 2), s3, K > 2);
        for (; j < n; j++) s += a[ia + j];
        return s;
    }

    /** s + the lanes of v, one by one in lane order (when {@code use}). The first lane of s0 starts the sum. */
    private static float lanes(float s, FloatVector v, boolean use) {
        if (!use) return s;
        for (int i = 0; i < L; i++) s += v.lane(i);
        return s;
    }

    static void addRow(float[] a, int ia, float[] b, int ib, float[] out, int io, int n) {
        int j = 0;
        for (int e = S.loopBound(n); j < e; j += L)
            FloatVector.fromArray(S, a, ia + j).add(FloatVector.fromArray(S, b, ib + j)).intoArray(out, io + j);
        for (; j < n; j++) out[io + j] = a[ia + j] + b[ib + j];
    }

    // rows [lo, hi): out = (a + b)·r, r = 1/rms into rInv[rOff + row] (rInv may be null); out may alias a or b.
    // L rows at a time (their sums of squares in one {@link #dots}), so that wide rows stay in L1 between passes.
    static void addRmsNormRows(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, float[] rInv, int rOff,
                               int lo, int hi, int width, float eps) {
        float[] ss = new float[L], part = new float[DOTS_SCRATCH];
        for (int r0 = lo; r0 < hi; r0 += L) {
            int m = Math.min(L, hi - r0);
            for (int r = r0; r < r0 + m; r++) addRow(a, aOff + r * width, b, bOff + r * width, out, outOff + r * width, width);
            dots(out, outOff + r0 * width, out, outOff + r0 * width, width, width, m, ss, 0, part);
            for (int i = 0; i < m; i++) {
                float inv = Ops.rmsInv(ss[i], width, eps);
                if (rInv != null) rInv[rOff + r0 + i] = inv;
                int io = outOff + (r0 + i) * width, j = 0;
                for (int e = S.loopBound(width); j < e; j += L) FloatVector.fromArray(S, out, io + j).mul(inv).intoArray(out, io + j);
                for (; j < width; j++) out[io + j] *= inv;
            }
        }
    }

    // rows [lo, hi): dx = r·(dy − y·mean(dy⊙y)); dx may alias dy. L rows at a time, as addRmsNormRows.
    static void rmsNormBackwardRows(float[] dy, int dyOff, float[] y, int yOff, float[] rInv, int rOff, float[] dx, int dxOff,
                                    int lo, int hi, int width) {
        float[] dot = new float[L], part = new float[DOTS_SCRATCH];
        for (int r0 = lo; r0 < hi; r0 += L) {
            int m = Math.min(L, hi - r0);
            dots(dy, dyOff + r0 * width, y, yOff + r0 * width, width, width, m, dot, 0, part);
            for (int i = 0; i < m; i++) {
                int r = r0 + i, id = dyOff + r * width, iy = yOff + r * width, ix = dxOff + r * width, j = 0;
                float mean = dot[i] / width, inv = rInv[rOff + r];
                for (int e = S.loopBound(width); j < e; j += L)
                    FloatVector.fromArray(S, y, iy + j).mul(-mean).add(FloatVector.fromArray(S, dy, id + j)).mul(inv).intoArray(dx, ix + j);
                for (; j < width; j++) dx[ix + j] = (y[iy + j] * -mean + dy[id + j]) * inv;
            }
        }
    }

    /** {@link Ops#exp(float)} at its upper clamp: the value of every x above {@link Ops#X_MAX}. */
    private static final float EXP_X_MAX = Ops.exp(Ops.X_MAX);

    /**
     * exp per lane, bit-identical per element to {@link Ops#exp(float)}: the same operations on x where x lies in
     * [X_MIN, X_MAX]; lanes outside take that function's values afterwards (exp(X_MAX) above, 0 below; NaN stays
     * NaN). Clamping x first, as the scalar twin does, costs two Math.min/max-exact vector operations (several
     * instructions each on x86): 0.48 against 0.20 ns per element in the SwiGLU row on Zen 5.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector t = x.fma(FloatVector.broadcast(S, Ops.LOG2E), FloatVector.broadcast(S, Ops.ROUND));
        FloatVector n = t.sub(Ops.ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(S, -Ops.LN2_HI), x);
        r = n.fma(FloatVector.broadcast(S, -Ops.LN2_LO), r);
        FloatVector p = r.fma(FloatVector.broadcast(S, Ops.P7), FloatVector.broadcast(S, Ops.P6));
        p = p.fma(r, FloatVector.broadcast(S, Ops.P5));
        p = p.fma(r, FloatVector.broadcast(S, Ops.P4));
        p = p.fma(r, FloatVector.broadcast(S, Ops.P3));
        p = p.fma(r, FloatVector.broadcast(S, Ops.P2));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        IntVector bits = ((IntVector) t.reinterpretAsInts()).sub(Ops.ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23);
        FloatVector e = p.mul((FloatVector) bits.reinterpretAsFloats());
        return e.blend(EXP_X_MAX, x.compare(VectorOperators.GT, Ops.X_MAX)).blend(0f, x.lt(Ops.X_MIN));
    }

    // one row: act = silu(gate)·up
    static void swigluRow(float[] gu, int ig, float[] act, int ia, int inter) {
        int j = 0;
        for (int e = S.loopBound(inter); j < e; j += L) {
            FloatVector g = FloatVector.fromArray(S, gu, ig + j);
            FloatVector den = exp(g.neg()).add(1f);
            g.div(den).mul(FloatVector.fromArray(S, gu, ig + inter + j)).intoArray(act, ia + j);
        }
        for (; j < inter; j++) act[ia + j] = Ops.swiglu(gu[ig + j], gu[ig + inter + j]);
    }

    // one row: d gate = dact·up·σ(g)(1 + g(1−σ(g))), d up = dact·g·σ(g)
    static void swigluBackwardRow(float[] dact, int id, float[] gu, int ig, float[] dgu, int io, int inter) {
        int j = 0;
        for (int e = S.loopBound(inter); j < e; j += L) {
            FloatVector g = FloatVector.fromArray(S, gu, ig + j);
            FloatVector u = FloatVector.fromArray(S, gu, ig + inter + j);
            FloatVector d = FloatVector.fromArray(S, dact, id + j);
            FloatVector s = FloatVector.broadcast(S, 1f).div(exp(g.neg()).add(1f));
            FloatVector ds = d.mul(s);
            // (d·s)·u·(g·(1 − s) + 1) and (d·s)·g, as Ops.swigluBackward
            ds.mul(u).mul(g.mul(s.neg().add(1f)).add(1f)).intoArray(dgu, io + j);
            ds.mul(g).intoArray(dgu, io + inter + j);
        }
        for (; j < inter; j++) Ops.swigluBackward(dact[id + j], gu[ig + j], gu[ig + inter + j], dgu, io + j, io + inter + j);
    }

    // one row, in place: x ← softmax(x)
    static void softmaxRow(float[] x, int i, int cols) {
        int j = 0, e = S.loopBound(cols);
        FloatVector mv = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (; j < e; j += L) mv = mv.max(FloatVector.fromArray(S, x, i + j));
        float max = mv.reduceLanes(VectorOperators.MAX);           // max is exact in any order
        for (; j < cols; j++) max = Math.max(max, x[i + j]);
        for (j = 0; j < e; j += L) exp(FloatVector.fromArray(S, x, i + j).sub(max)).intoArray(x, i + j);
        for (; j < cols; j++) x[i + j] = Ops.exp(x[i + j] - max);
        float inv = 1f / sum(x, i, cols);
        for (j = 0; j < e; j += L) FloatVector.fromArray(S, x, i + j).mul(inv).intoArray(x, i + j);
        for (; j < cols; j++) x[i + j] *= inv;
    }

    // rows of cols, in place on dp: dp ← (dp − Σ dp⊙p) ⊙ p. L rows at a time, as addRmsNormRows.
    static void softmaxBackwardRows(float[] p, int pOff, float[] dp, int dOff, int rows, int cols) {
        float[] dot = new float[L], part = new float[DOTS_SCRATCH];
        for (int r0 = 0; r0 < rows; r0 += L) {
            int m = Math.min(L, rows - r0);
            dots(dp, dOff + r0 * cols, p, pOff + r0 * cols, cols, cols, m, dot, 0, part);
            for (int i = 0; i < m; i++) {
                int ip = pOff + (r0 + i) * cols, id = dOff + (r0 + i) * cols, j = 0;
                for (int e = S.loopBound(cols); j < e; j += L)
                    FloatVector.fromArray(S, dp, id + j).sub(dot[i]).mul(FloatVector.fromArray(S, p, ip + j)).intoArray(dp, id + j);
                for (; j < cols; j++) dp[id + j] = (dp[id + j] - dot[i]) * p[ip + j];
            }
        }
    }
}
