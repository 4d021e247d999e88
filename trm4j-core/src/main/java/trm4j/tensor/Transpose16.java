package trm4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A 16 × 16 block transposed in registers (AVX-512: 16 floats per vector): 16 row loads, four butterfly stages of
 * two-vector permutes (vpermt2ps), 16 stores. Stage b (8, 4, 2, 1) swaps the b × b blocks off the diagonal of every
 * 2b × 2b block: the whole transpose as the recursion of the 2 × 2 block case. Used by {@link GemmPack} for op(B) =
 * Bᵀ (attention's Kᵀ, a weight's transpose): 3.0 → 1.2 µs for a 97 × 64 head in L1 (scalar loop beside it for other
 * widths and for the edges).
 */
final class Transpose16 {
    private Transpose16() {}

    /** Whether the vectors have 16 floats (else the scalar loop runs). */
    static final boolean ON = GemmKernel.L == 16;

    private static final VectorSpecies<Float> S = GemmKernel.S;
    // new row i (bit b of i clear) takes lanes l with bit b clear from row i, the others from row i + b (lane l − b);
    // new row i + b takes lane l + b of row i where bit b of l is clear, else lane l of row i + b. Indexes 16..31 pick
    // from the second vector.
    private static final FloatVector LO8 = index(8, false), HI8 = index(8, true), LO4 = index(4, false),
            HI4 = index(4, true), LO2 = index(2, false), HI2 = index(2, true), LO1 = index(1, false), HI1 = index(1, true);

    private static FloatVector index(int b, boolean high) {
        if (!ON) return null;
        float[] f = new float[16];
        for (int l = 0; l < 16; l++) f[l] = (l & b) == 0 ? (high ? l + b : l) : (high ? 16 + l : 16 + l - b);
        return FloatVector.fromArray(S, f, 0);
    }

    /**
     * dst[d + p·ldd + i] = a[src + i·lda + p] for i, p < 16. Only when {@link #ON}. (Straight-line code: a version
     * that read missing rows as zero, each load behind a condition, ran 2-5x slower at times, the vectors merged
     * from two paths.)
     */
    static void block(float[] a, int src, int lda, float[] dst, int d, int ldd) {
        FloatVector r0 = FloatVector.fromArray(S, a, src + 0 * lda);
        FloatVector r1 = FloatVector.fromArray(S, a, src + 1 * lda);
        FloatVector r2 = FloatVector.fromArray(S, a, src + 2 * lda);
        FloatVector r3 = FloatVector.fromArray(S, a, src + 3 * lda);
        FloatVector r4 = FloatVector.fromArray(S, a, src + 4 * lda);
        FloatVector r5 = FloatVector.fromArray(S, a, src + 5 * lda);
        FloatVector r6 = FloatVector.fromArray(S, a, src + 6 * lda);
        FloatVector r7 = FloatVector.fromArray(S, a, src + 7 * lda);
        FloatVector r8 = FloatVector.fromArray(S, a, src + 8 * lda);
        FloatVector r9 = FloatVector.fromArray(S, a, src + 9 * lda);
        FloatVector r10 = FloatVector.fromArray(S, a, src + 10 * lda);
        FloatVector r11 = FloatVector.fromArray(S, a, src + 11 * lda);
        FloatVector r12 = FloatVector.fromArray(S, a, src + 12 * lda);
        FloatVector r13 = FloatVector.fromArray(S, a, src + 13 * lda);
        FloatVector r14 = FloatVector.fromArray(S, a, src + 14 * lda);
        FloatVector r15 = FloatVector.fromArray(S, a, src + 15 * lda);
        FloatVector s0 = LO8.selectFrom(r0, r8), s8 = HI8.selectFrom(r0, r8);
        FloatVector s1 = LO8.selectFrom(r1, r9), s9 = HI8.selectFrom(r1, r9);
        FloatVector s2 = LO8.selectFrom(r2, r10), s10 = HI8.selectFrom(r2, r10);
        FloatVector s3 = LO8.selectFrom(r3, r11), s11 = HI8.selectFrom(r3, r11);
        FloatVector s4 = LO8.selectFrom(r4, r12), s12 = HI8.selectFrom(r4, r12);
        FloatVector s5 = LO8.selectFrom(r5, r13), s13 = HI8.selectFrom(r5, r13);
        FloatVector s6 = LO8.selectFrom(r6, r14), s14 = HI8.selectFrom(r6, r14);
        FloatVector s7 = LO8.selectFrom(r7, r15), s15 = HI8.selectFrom(r7, r15);
        FloatVector t0 = LO4.selectFrom(s0, s4), t4 = HI4.selectFrom(s0, s4);
        FloatVector t1 = LO4.selectFrom(s1, s5), t5 = HI4.selectFrom(s1, s5);
        FloatVector t2 = LO4.selectFrom(s2, s6), t6 = HI4.selectFrom(s2, s6);
        FloatVector t3 = LO4.selectFrom(s3, s7), t7 = HI4.selectFrom(s3, s7);
        FloatVector t8 = LO4.selectFrom(s8, s12), t12 = HI4.selectFrom(s8, s12);
        FloatVector t9 = LO4.selectFrom(s9, s13), t13 = HI4.selectFrom(s9, s13);
        FloatVector t10 = LO4.selectFrom(s10, s14), t14 = HI4.selectFrom(s10, s14);
        FloatVector t11 = LO4.selectFrom(s11, s15), t15 = HI4.selectFrom(s11, s15);
        FloatVector u0 = LO2.selectFrom(t0, t2), u2 = HI2.selectFrom(t0, t2);
        FloatVector u1 = LO2.selectFrom(t1, t3), u3 = HI2.selectFrom(t1, t3);
        FloatVector u4 = LO2.selectFrom(t4, t6), u6 = HI2.selectFrom(t4, t6);
        FloatVector u5 = LO2.selectFrom(t5, t7), u7 = HI2.selectFrom(t5, t7);
        FloatVector u8 = LO2.selectFrom(t8, t10), u10 = HI2.selectFrom(t8, t10);
        FloatVector u9 = LO2.selectFrom(t9, t11), u11 = HI2.selectFrom(t9, t11);
        FloatVector u12 = LO2.selectFrom(t12, t14), u14 = HI2.selectFrom(t12, t14);
        FloatVector u13 = LO2.selectFrom(t13, t15), u15 = HI2.selectFrom(t13, t15);
        FloatVector v0 = LO1.selectFrom(u0, u1), v1 = HI1.selectFrom(u0, u1);
        FloatVector v2 = LO1.selectFrom(u2, u3), v3 = HI1.selectFrom(u2, u3);
        FloatVector v4 = LO1.selectFrom(u4, u5), v5 = HI1.selectFrom(u4, u5);
        FloatVector v6 = LO1.selectFrom(u6, u7), v7 = HI1.selectFrom(u6, u7);
        FloatVector v8 = LO1.selectFrom(u8, u9), v9 = HI1.selectFrom(u8, u9);
        FloatVector v10 = LO1.selectFrom(u10, u11), v11 = HI1.selectFrom(u10, u11);
        FloatVector v12 = LO1.selectFrom(u12, u13), v13 = HI1.selectFrom(u12, u13);
        FloatVector v14 = LO1.selectFrom(u14, u15), v15 = HI1.selectFrom(u14, u15);
        v0.intoArray(dst, d + 0 * ldd);
        v1.intoArray(dst, d + 1 * ldd);
        v2.intoArray(dst, d + 2 * ldd);
        v3.intoArray(dst, d + 3 * ldd);
        v4.intoArray(dst, d + 4 * ldd);
        v5.intoArray(dst, d + 5 * ldd);
        v6.intoArray(dst, d + 6 * ldd);
        v7.intoArray(dst, d + 7 * ldd);
        v8.intoArray(dst, d + 8 * ldd);
        v9.intoArray(dst, d + 9 * ldd);
        v10.intoArray(dst, d + 10 * ldd);
        v11.intoArray(dst, d + 11 * ldd);
        v12.intoArray(dst, d + 12 * ldd);
        v13.intoArray(dst, d + 13 * ldd);
        v14.intoArray(dst, d + 14 * ldd);
        v15.intoArray(dst, d + 15 * ldd);
    }
}
