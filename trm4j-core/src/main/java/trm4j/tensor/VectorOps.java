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

    /**
     * Σ a[j]·b[j] in {@link Ops#dot}'s order (16 partial sums however wide the vectors are), so bit-identical to
     * it on every vector width. Lanes are added one by one, in order: not reduceLanes(ADD), whose order is
     * unspecified and differs between interpreted and C2-compiled code.
     */
    static float dot(float[] a, int ia, float[] b, int ib, int n) {
        if (K == 0) return Ops.dot(a, ia, b, ib, n);
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int j = 0, e = n / Ops.LANES * Ops.LANES;
        for (; j < e; j += Ops.LANES) {
            s0 = FloatVector.fromArray(S, a, ia + j).fma(FloatVector.fromArray(S, b, ib + j), s0);
            if (K > 1) s1 = FloatVector.fromArray(S, a, ia + j + L).fma(FloatVector.fromArray(S, b, ib + j + L), s1);
            if (K > 2) {
                s2 = FloatVector.fromArray(S, a, ia + j + 2 * L).fma(FloatVector.fromArray(S, b, ib + j + 2 * L), s2);
                s3 = FloatVector.fromArray(S, a, ia + j + 3 * L).fma(FloatVector.fromArray(S, b, ib + j + 3 * L), s3);
            }
        }
        float s = lanes(lanes(lanes(lanes(0f, s0, true), s1, K > 1), s2, K > 2), s3, K > 2);
        for (; j < n; j++) s += a[ia + j] * b[ib + j];
        return s;
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

    // one row: out = (a + b)·r; returns r
    static float addRmsNormRow(float[] a, int ia, float[] b, int ib, float[] out, int io, int width, float eps) {
        addRow(a, ia, b, ib, out, io, width);
        float inv = Ops.rmsInv(dot(out, io, out, io, width), width, eps);
        int j = 0;
        for (int e = S.loopBound(width); j < e; j += L) FloatVector.fromArray(S, out, io + j).mul(inv).intoArray(out, io + j);
        for (; j < width; j++) out[io + j] *= inv;
        return inv;
    }

    // one row: dx = r·(dy − y·mean(dy⊙y))
    static void rmsNormBackwardRow(float[] dy, int id, float[] y, int iy, float inv, float[] dx, int ix, int width) {
        float mean = dot(dy, id, y, iy, width) / width;
        int j = 0;
        for (int e = S.loopBound(width); j < e; j += L)
            FloatVector.fromArray(S, y, iy + j).mul(-mean).add(FloatVector.fromArray(S, dy, id + j)).mul(inv).intoArray(dx, ix + j);
        for (; j < width; j++) dx[ix + j] = (y[iy + j] * -mean + dy[id + j]) * inv;
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

    // one row, in place on dp: dp ← (dp − Σ dp⊙p) ⊙ p
    static void softmaxBackwardRow(float[] p, int ip, float[] dp, int id, int cols) {
        float dot = dot(dp, id, p, ip, cols);
        int j = 0;
        for (int e = S.loopBound(cols); j < e; j += L)
            FloatVector.fromArray(S, dp, id + j).sub(dot).mul(FloatVector.fromArray(S, p, ip + j)).intoArray(dp, id + j);
        for (; j < cols; j++) dp[id + j] = (dp[id + j] - dot) * p[ip + j];
    }
}
