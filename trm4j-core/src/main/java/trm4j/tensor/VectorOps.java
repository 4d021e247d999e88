package trm4j.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
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

    /** Floats of the scratch block of {@link #dots}. */
    static final int DOTS_SCRATCH = L * Ops.LANES;

    /** Offsets of consecutive rows' partial sums in the scratch block of {@link #dots}: lane i reads row i. */
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

    /** Σ a[j] in {@link Ops#sum}'s order (see {@link #dots}), for one row. */
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

    /** Floats of a group of {@link #softmaxRows}: its rows stay in L1 from one pass to the next. */
    private static final int SOFTMAX_GROUP = 4096;

    // rows of cols, in place: x ← softmax(x) row by row, as Ops' scalar loop. Each group of rows takes one pass per
    // step (max, exp, 1/sum, scale), each pass a small method of its own: done row by row, every step of a row waits
    // for the one before (a 97-wide row: 6.9 µs per 97 rows, against 4.9 µs for the same operations in passes).
    static void softmaxRows(float[] x, int off, int rows, int cols) {
        int group = Math.max(1, Math.min(rows, SOFTMAX_GROUP / cols));
        float[] m = new float[group];
        for (int r0 = 0; r0 < rows; r0 += group) {
            int i0 = off + r0 * cols, n = Math.min(group, rows - r0);
            rowMax(x, i0, n, cols, m);
            expMinus(x, i0, n, cols, m);
            for (int r = 0; r < n; r++) m[r] = 1f / sum(x, i0 + r * cols, cols);
            scaleRows(x, i0, n, cols, m);
        }
    }

    // m[r] = max of row r (max is exact in any order: two chains, then the lanes)
    private static void rowMax(float[] x, int i0, int rows, int cols, float[] m) {
        int e = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int i = i0 + r * cols, j = 0;
            FloatVector m0 = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY), m1 = m0;
            for (; j + L < e; j += 2 * L) {
                m0 = m0.max(FloatVector.fromArray(S, x, i + j));
                m1 = m1.max(FloatVector.fromArray(S, x, i + j + L));
            }
            for (; j < e; j += L) m0 = m0.max(FloatVector.fromArray(S, x, i + j));
            float max = m0.max(m1).reduceLanes(VectorOperators.MAX);
            for (; j < cols; j++) max = Math.max(max, x[i + j]);
            m[r] = max;
        }
    }

    // row r ← exp(row r − m[r])
    private static void expMinus(float[] x, int i0, int rows, int cols, float[] m) {
        int e = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int i = i0 + r * cols, j = 0;
            float max = m[r];
            for (; j < e; j += L) exp(FloatVector.fromArray(S, x, i + j).sub(max)).intoArray(x, i + j);
            for (; j < cols; j++) x[i + j] = Ops.exp(x[i + j] - max);
        }
    }

    // row r ← row r · s[r]
    private static void scaleRows(float[] x, int i0, int rows, int cols, float[] s) {
        int e = S.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int i = i0 + r * cols, j = 0;
            float f = s[r];
            for (; j < e; j += L) FloatVector.fromArray(S, x, i + j).mul(f).intoArray(x, i + j);
            for (; j < cols; j++) x[i + j] *= f;
        }
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

    // ---- AdamATan2: its float32 element math, and atan2 in double as fdlibm (StrictMath) computes it ----

    /** Doubles of the kernels' vector width, and floats of half that width: the same lane count. */
    static final VectorSpecies<Double> DS = VectorSpecies.of(double.class, VectorShape.forBitSize(S.vectorBitSize()));
    static final VectorSpecies<Float> FH = VectorSpecies.of(float.class, VectorShape.forBitSize(S.vectorBitSize() / 2));
    private static final int LH = FH.length();

    // fdlibm's atan: atan(0.5), atan(1), atan(1.5), atan(inf) in two parts, and the polynomial's coefficients
    private static final double ATANHI0 = 0x1.dac670561bb4fp-2, ATANHI1 = 0x1.921fb54442d18p-1,
            ATANHI2 = 0x1.f730bd281f69bp-1, ATANHI3 = 0x1.921fb54442d18p0;
    private static final double ATANLO0 = 0x1.a2b7f222f65e2p-56, ATANLO1 = 0x1.1a62633145c07p-55,
            ATANLO2 = 0x1.007887af0cbbdp-56, ATANLO3 = 0x1.1a62633145c07p-54;
    private static final double AT0 = 0x1.555555555550dp-2, AT1 = -0x1.999999998ebc4p-3, AT2 = 0x1.24924920083ffp-3,
            AT3 = -0x1.c71c6fe231671p-4, AT4 = 0x1.745cdc54c206ep-4, AT5 = -0x1.3b0f2af749a6dp-4,
            AT6 = 0x1.10d66a0d03d51p-4, AT7 = -0x1.dde2d52defd9ap-5, AT8 = 0x1.97b4b24760debp-5,
            AT9 = -0x1.2b4442c6a6c2fp-5, AT10 = 0x1.0ad3ae322da11p-6;

    /**
     * atan(t) for t ≥ 0 (not NaN), lane by lane the operations of fdlibm's atan ({@code StrictMath.atan}), so the
     * same bits: its five argument intervals become blends (reduced argument num/den, and atan of the interval's
     * point as hi + lo, zero below 7/16), the rest is its polynomial unchanged.
     */
    static DoubleVector atanNonNegative(DoubleVector t) {
        VectorMask<Double> i0 = t.compare(VectorOperators.GE, 0.4375), i1 = t.compare(VectorOperators.GE, 0.6875),
                i2 = t.compare(VectorOperators.GE, 1.1875), i3 = t.compare(VectorOperators.GE, 2.4375);
        // [7/16, 11/16): (2t − 1)/(2 + t); [11/16, 19/16): (t − 1)/(t + 1); [19/16, 39/16): (t − 1.5)/(1 + 1.5t); above: −1/t
        DoubleVector num = t.mul(2.0).sub(1.0).blend(t.sub(1.0), i1).blend(t.sub(1.5), i2)
                .blend(DoubleVector.broadcast(DS, -1.0), i3);
        DoubleVector den = t.add(2.0).blend(t.add(1.0), i1).blend(t.mul(1.5).add(1.0), i2).blend(t, i3);
        DoubleVector x = num.div(den).blend(t, i0.not());
        DoubleVector hi = DoubleVector.zero(DS).blend(ATANHI0, i0).blend(ATANHI1, i1).blend(ATANHI2, i2).blend(ATANHI3, i3);
        DoubleVector lo = DoubleVector.zero(DS).blend(ATANLO0, i0).blend(ATANLO1, i1).blend(ATANLO2, i2).blend(ATANLO3, i3);
        DoubleVector z = x.mul(x), w = z.mul(z);
        DoubleVector s1 = z.mul(w.mul(AT10).add(AT8).mul(w).add(AT6).mul(w).add(AT4).mul(w).add(AT2).mul(w).add(AT0));
        DoubleVector s2 = w.mul(w.mul(AT9).add(AT7).mul(w).add(AT5).mul(w).add(AT3).mul(w).add(AT1));
        // hi − ((x·s − lo) − x); with hi = lo = 0 below 7/16 that is −(x·s − x) = x − x·s, fdlibm's form there
        DoubleVector r = hi.sub(x.mul(s1.add(s2)).sub(lo).sub(x));
        return r.blend(t, t.compare(VectorOperators.LT, 0x1p-29))                       // atan(t) = t
                .blend(ATANHI3 + ATANLO3, t.compare(VectorOperators.GE, 0x1p66));     // π/2
    }

    /**
     * StrictMath.atan2(y, x) for lanes with x ≥ +0 (sign bit clear) and both finite, bit for bit: fdlibm's atan2
     * there is ±atan(|y/x|) (π/2 once |y/x| > 2^60 and for x = 0, both of which atan also gives; y itself for y = ±0).
     */
    static DoubleVector atan2NonNegativeX(DoubleVector y, DoubleVector x) {
        DoubleVector a = atanNonNegative(y.abs().div(x));
        return a.blend(a.neg(), y.compare(VectorOperators.LT, 0.0)).blend(y, y.compare(VectorOperators.EQ, 0.0));
    }

    /**
     * Elements [from, to) of the AdamATan2 update ({@link Ops#adamAtan2}): the float math on half-width float
     * vectors, atan2 in double on the same lanes. A group of lanes where atan2's arguments leave the range of
     * {@link #atan2NonNegativeX} (a NaN or infinite moment, say) runs the scalar loop instead.
     */
    static void adamAtan2(float[] w, float[] g, float[] m, float[] v, int from, int to,
                          float stepSize, float decay, float bc2Sqrt, float c1, float c2) {
        FloatVector nc1 = FloatVector.broadcast(FH, -c1), vc1 = FloatVector.broadcast(FH, c1);
        FloatVector nc2 = FloatVector.broadcast(FH, -c2), vc2 = FloatVector.broadcast(FH, c2);
        FloatVector nStep = FloatVector.broadcast(FH, -stepSize);
        int i = from;
        for (int e = from + FH.loopBound(to - from); i < e; i += LH) {
            FloatVector gi = FloatVector.fromArray(FH, g, i), mOld = FloatVector.fromArray(FH, m, i);
            FloatVector vOld = FloatVector.fromArray(FH, v, i);
            FloatVector mi = vc1.fma(gi, nc1.fma(mOld, mOld));
            FloatVector vi = vc2.fma(gi.mul(gi), nc2.fma(vOld, vOld));
            FloatVector denom = vi.sqrt().div(bc2Sqrt);   // float sqrt: the correctly rounded (float) Math.sqrt
            DoubleVector y = (DoubleVector) mi.convertShape(VectorOperators.F2D, DS, 0);
            DoubleVector x = (DoubleVector) denom.convertShape(VectorOperators.F2D, DS, 0);
            VectorMask<Double> odd = x.test(VectorOperators.IS_NEGATIVE).or(x.test(VectorOperators.IS_FINITE).not())
                    .or(y.test(VectorOperators.IS_FINITE).not());
            if (odd.anyTrue()) {
                Ops.adamAtan2Scalar(w, g, m, v, i, i + LH, stepSize, decay, bc2Sqrt, c1, c2);
                continue;
            }
            FloatVector dir = (FloatVector) atan2NonNegativeX(y, x).convertShape(VectorOperators.D2F, FH, 0);
            nStep.fma(dir, FloatVector.fromArray(FH, w, i).mul(decay)).intoArray(w, i);
            mi.intoArray(m, i);
            vi.intoArray(v, i);
        }
        Ops.adamAtan2Scalar(w, g, m, v, i, to, stepSize, decay, bc2Sqrt, c1, c2);
    }
}
