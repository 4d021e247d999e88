package trm4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API bodies of the element-wise kernels of {@link Ops} (one row, or one block of columns, per call;
 * {@link Ops} does the splitting over threads and keeps the scalar loops as fallback). Row sums accumulate in
 * L lanes and are added in lane order once per row: a fixed order, so results never depend on the thread count, but they
 * can differ from the scalar loops in the last float32 bit. exp is {@link #exp}, a polynomial built from plain
 * IEEE operations (not the Vector API's EXP, whose result differs between interpreted and C2-compiled code, so
 * a run would depend on JIT timing); silu is computed as x / (1 + e^−x), as torch does.
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

    /**
     * Sum of the lanes, always in lane order. Not reduceLanes(ADD): its order is unspecified and differs between
     * interpreted and C2-compiled code, which made results depend on JIT timing.
     */
    static float sum(FloatVector v) {
        float s = v.lane(0);
        for (int i = 1; i < L; i++) s += v.lane(i);
        return s;
    }

    static void addRow(float[] a, int ia, float[] b, int ib, float[] out, int io, int n) {
        int j = 0;
        for (int e = S.loopBound(n); j < e; j += L)
            FloatVector.fromArray(S, a, ia + j).add(FloatVector.fromArray(S, b, ib + j)).intoArray(out, io + j);
        for (; j < n; j++) out[io + j] = a[ia + j] + b[ib + j];
    }

    // one row: out = (a + b)·r; returns r
    static float addRmsNormRow(float[] a, int ia, float[] b, int ib, float[] out, int io, int width, float eps) {
        FloatVector acc = FloatVector.zero(S);
        int j = 0, e = S.loopBound(width);
        for (; j < e; j += L) {
            FloatVector x = FloatVector.fromArray(S, a, ia + j).add(FloatVector.fromArray(S, b, ib + j));
            x.intoArray(out, io + j);
            acc = x.fma(x, acc);
        }
        float ss = sum(acc);
        for (; j < width; j++) {
            float x = a[ia + j] + b[ib + j];
            out[io + j] = x;
            ss += x * x;
        }
        float inv = (float) (1.0 / Math.sqrt(ss / width + eps));
        for (j = 0; j < e; j += L) FloatVector.fromArray(S, out, io + j).mul(inv).intoArray(out, io + j);
        for (; j < width; j++) out[io + j] *= inv;
        return inv;
    }

    // one row: dx = r·(dy − y·mean(dy⊙y))
    static void rmsNormBackwardRow(float[] dy, int id, float[] y, int iy, float inv, float[] dx, int ix, int width) {
        FloatVector acc = FloatVector.zero(S);
        int j = 0, e = S.loopBound(width);
        for (; j < e; j += L) acc = FloatVector.fromArray(S, dy, id + j).fma(FloatVector.fromArray(S, y, iy + j), acc);
        float dot = sum(acc);
        for (; j < width; j++) dot += dy[id + j] * y[iy + j];
        float mean = dot / width;
        for (j = 0; j < e; j += L)
            FloatVector.fromArray(S, y, iy + j).mul(-mean).add(FloatVector.fromArray(S, dy, id + j)).mul(inv).intoArray(dx, ix + j);
        for (; j < width; j++) dx[ix + j] = inv * (dy[id + j] - y[iy + j] * mean);
    }

    static float silu(float g) { return g / (1f + exp(-g)); }

    static float sigmoid(float g) { return 1f / (1f + exp(-g)); }

    // exp(x) = 2^n·e^r, n = round(x/ln 2), r = x − n·ln 2 (two-part ln 2), e^r by its degree-7 Taylor
    // polynomial on |r| ≤ ln2/2 (truncation 5e-9, so ≈ 1 ulp from the rounding of the steps).
    private static final float LOG2E = 1.44269504f, LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    private static final float ROUND = 12582912f;            // 1.5·2^23: adding it rounds to an integer
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);
    private static final float X_MAX = 88.3f, X_MIN = -87.3f; // 2^n stays a normal float; below X_MIN → 0
    private static final float P2 = 1f / 2, P3 = 1f / 6, P4 = 1f / 24, P5 = 1f / 120, P6 = 1f / 720, P7 = 1f / 5040;

    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.min(X_MAX).max(X_MIN);
        FloatVector t = xc.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUND));
        FloatVector n = t.sub(ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), xc);
        r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = r.fma(FloatVector.broadcast(S, P7), FloatVector.broadcast(S, P6));
        p = p.fma(r, FloatVector.broadcast(S, P5));
        p = p.fma(r, FloatVector.broadcast(S, P4));
        p = p.fma(r, FloatVector.broadcast(S, P3));
        p = p.fma(r, FloatVector.broadcast(S, P2));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        IntVector bits = ((IntVector) t.reinterpretAsInts()).sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23);
        FloatVector e = p.mul((FloatVector) bits.reinterpretAsFloats());
        return e.blend(0f, x.lt(X_MIN));
    }

    /** The scalar twin of {@link #exp(FloatVector)}: the same operations, so bit-identical per element. */
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

    // one row: act = silu(gate)·up
    static void swigluRow(float[] gu, int ig, float[] act, int ia, int inter) {
        int j = 0;
        for (int e = S.loopBound(inter); j < e; j += L) {
            FloatVector g = FloatVector.fromArray(S, gu, ig + j);
            FloatVector den = exp(g.neg()).add(1f);
            g.div(den).mul(FloatVector.fromArray(S, gu, ig + inter + j)).intoArray(act, ia + j);
        }
        for (; j < inter; j++) act[ia + j] = silu(gu[ig + j]) * gu[ig + inter + j];
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
            // d·u·s·(1 + g·(1 − s)) and d·g·s (products grouped as (d·s)·…, not as in the scalar loop)
            ds.mul(u).mul(g.mul(s.neg().add(1f)).add(1f)).intoArray(dgu, io + j);
            ds.mul(g).intoArray(dgu, io + inter + j);
        }
        for (; j < inter; j++) {
            float g = gu[ig + j], u = gu[ig + inter + j], d = dact[id + j];
            float s = sigmoid(g);
            dgu[io + j] = d * u * s * (1f + g * (1f - s));
            dgu[io + inter + j] = d * g * s;
        }
    }

    // one row, in place: x ← softmax(x)
    static void softmaxRow(float[] x, int i, int cols) {
        int j = 0, e = S.loopBound(cols);
        FloatVector mv = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (; j < e; j += L) mv = mv.max(FloatVector.fromArray(S, x, i + j));
        float max = mv.reduceLanes(VectorOperators.MAX);
        for (; j < cols; j++) max = Math.max(max, x[i + j]);
        FloatVector acc = FloatVector.zero(S);
        for (j = 0; j < e; j += L) {
            FloatVector ev = exp(FloatVector.fromArray(S, x, i + j).sub(max));
            ev.intoArray(x, i + j);
            acc = acc.add(ev);
        }
        float sum = sum(acc);
        for (; j < cols; j++) {
            float ev = exp(x[i + j] - max);
            x[i + j] = ev;
            sum += ev;
        }
        float inv = 1f / sum;
        for (j = 0; j < e; j += L) FloatVector.fromArray(S, x, i + j).mul(inv).intoArray(x, i + j);
        for (; j < cols; j++) x[i + j] *= inv;
    }

    // one row, in place on dp: dp ← p ⊙ (dp − Σ dp⊙p)
    static void softmaxBackwardRow(float[] p, int ip, float[] dp, int id, int cols) {
        int j = 0, e = S.loopBound(cols);
        FloatVector acc = FloatVector.zero(S);
        for (; j < e; j += L) acc = FloatVector.fromArray(S, dp, id + j).fma(FloatVector.fromArray(S, p, ip + j), acc);
        float dot = sum(acc);
        for (; j < cols; j++) dot += dp[id + j] * p[ip + j];
        for (j = 0; j < e; j += L)
            FloatVector.fromArray(S, dp, id + j).sub(dot).mul(FloatVector.fromArray(S, p, ip + j)).intoArray(dp, id + j);
        for (; j < cols; j++) dp[id + j] = p[ip + j] * (dp[id + j] - dot);
    }

    /**
     * Columns [c0, c0+L) of one [seq, width] matrix: out = (a + b)·r with r per column, summed over the rows in
     * ascending order with separate multiply and add, exactly as {@link Ops}' scalar column loop does.
     */
    static void addRmsNormCols(float[] a, int ia, float[] b, int ib, float[] out, int io, float[] rInv, int ir,
                               int seq, int width, int c0, float eps, float[] lanes) {
        FloatVector ss = FloatVector.zero(S);
        for (int s = 0; s < seq; s++) {
            int k = s * width + c0;
            FloatVector x = FloatVector.fromArray(S, a, ia + k).add(FloatVector.fromArray(S, b, ib + k));
            x.intoArray(out, io + k);
            ss = ss.add(x.mul(x));
        }
        ss.intoArray(lanes, 0);
        for (int l = 0; l < L; l++) lanes[l] = Ops.rmsInv(lanes[l], seq, eps);
        FloatVector inv = FloatVector.fromArray(S, lanes, 0);
        if (rInv != null) inv.intoArray(rInv, ir + c0);
        for (int s = 0; s < seq; s++) {
            int k = io + s * width + c0;
            FloatVector.fromArray(S, out, k).mul(inv).intoArray(out, k);
        }
    }

    /** Columns [c0, c0+L) of one [seq, width] matrix: the backward of {@link #addRmsNormCols}, as the scalar loop. */
    static void rmsNormBackwardCols(float[] dy, int id, float[] y, int iy, float[] rInv, int ir, float[] dx, int ix,
                                    int seq, int width, int c0) {
        FloatVector dot = FloatVector.zero(S);
        for (int s = 0; s < seq; s++) {
            int k = s * width + c0;
            dot = dot.add(FloatVector.fromArray(S, dy, id + k).mul(FloatVector.fromArray(S, y, iy + k)));
        }
        FloatVector mean = dot.div(seq), inv = FloatVector.fromArray(S, rInv, ir + c0);
        for (int s = 0; s < seq; s++) {
            int k = s * width + c0;
            inv.mul(FloatVector.fromArray(S, dy, id + k).sub(FloatVector.fromArray(S, y, iy + k).mul(mean)))
                    .intoArray(dx, ix + k);
        }
    }
}
