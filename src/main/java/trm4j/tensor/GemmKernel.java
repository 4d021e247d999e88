package trm4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tiles of {@link VectorGemm}: an MR × (nv·L) block of C held in MR·nv accumulators, updated by one
 * rank-1 product per depth step (MR broadcasts of A, nv vectors of a packed B panel), then written straight to C.
 *
 * <p>Shapes: with 16 floats per vector (AVX-512, 32 registers) MR = 4 and full panels are 4 vectors wide
 * (16 accumulators + 4 B vectors + 4 broadcasts = 24 registers); with 8 or 4 floats (AVX2 and narrower, 16
 * registers) MR = 3 and panels are 3 vectors wide (9 + 3 + 3 = 15). The last panel of a matrix is as many vectors
 * wide as its columns need, its last vector masked: a 40-column C costs 3 vectors, not a full panel plus a scalar
 * edge. Rows past the matrix edge read a copy of the last valid row of A and are written to a sink.
 *
 * <p>A is read where it lies (element (i, p) at a0 + i·rs + p·ps; no packing), so a product with few columns
 * costs no pass over A beyond the multiply itself.
 *
 * <p>Every element of C sums its products in ascending depth order with fused multiply-adds from zero, then
 * C ← fma(sum, alpha, beta·C) (C read as 0 when beta = 0): the same operations as {@link ScalarGemm}, so
 * the result depends neither on the tile shape, the vector width nor the thread count.
 */
final class GemmKernel {
    /** {@code -Dtrm.vector.bits=128|256|512} forces a species (to check the tile logic on other widths). */
    static final VectorSpecies<Float> S = species();
    static final int L = S.length();
    /** Rows of a tile. */
    static final int MR = L >= 16 ? 4 : 3;
    /** Vectors across a full panel, and its width in floats. */
    static final int NV = L >= 16 ? 4 : 3;
    static final int NR = NV * L;

    private GemmKernel() {}

    private static VectorSpecies<Float> species() {
        String bits = System.getProperty("trm.vector.bits");
        if (bits == null) return FloatVector.SPECIES_PREFERRED;
        return switch (bits.trim()) {
            case "128" -> FloatVector.SPECIES_128;
            case "256" -> FloatVector.SPECIES_256;
            case "512" -> FloatVector.SPECIES_512;
            default -> throw new IllegalArgumentException(
                    "-Dtrm.vector.bits=" + bits + " is not supported; use 128, 256 or 512");
        };
    }

    /**
     * One tile: rows [0, mr) of C at c0 (row stride ldc) × nv vectors, the last with {@code tail} valid lanes.
     * bp: packed B panel [kc, nv·L] from b0; sink: scratch of at least NR floats for rows past the edge.
     */
    static void tile(int nv, int kc, float[] a, int a0, int rs, int ps, float[] bp, int b0,
                     float[] c, int c0, int ldc, int mr, int tail, float alpha, float beta, float[] sink) {
        if (MR == 4) {
            switch (nv) {
                case 4 -> tile4x4(kc, a, a0, rs, ps, bp, b0, c, c0, ldc, mr, tail, alpha, beta, sink);
                case 3 -> tile4x3(kc, a, a0, rs, ps, bp, b0, c, c0, ldc, mr, tail, alpha, beta, sink);
                case 2 -> tile4x2(kc, a, a0, rs, ps, bp, b0, c, c0, ldc, mr, tail, alpha, beta, sink);
                default -> tile4x1(kc, a, a0, rs, ps, bp, b0, c, c0, ldc, mr, tail, alpha, beta, sink);
            }
        } else {
            switch (nv) {
                case 3 -> tile3x3(kc, a, a0, rs, ps, bp, b0, c, c0, ldc, mr, tail, alpha, beta, sink);
                case 2 -> tile3x2(kc, a, a0, rs, ps, bp, b0, c, c0, ldc, mr, tail, alpha, beta, sink);
                default -> tile3x1(kc, a, a0, rs, ps, bp, b0, c, c0, ldc, mr, tail, alpha, beta, sink);
            }
        }
    }

    /**
     * The scalar twin of a tile's store, bit-identical per element: fma(sum, alpha, beta·C), where C counts as 0
     * when beta = 0 (so NaN in an overwritten C is ignored).
     */
    static float update(float sum, float alpha, float beta, float cOld) {
        return Math.fma(sum, alpha, beta == 0f ? 0f : beta * cOld);
    }

    // The tiles below differ only in MR and nv (generated once, kept as plain code: C2 keeps each accumulator in a
    // register only when it is a local variable).

    // C[mr ≤ 4, 4·L] ← alpha·A·Bp + beta·C; A(i, p) = a[a0 + i·rs + p·ps]; Bp: [kc, 4·L] from b0
    static void tile4x4(int kc, float[] a, int a0, int rs, int ps, float[] bp, int bStart,
                       float[] c, int c0, int ldc, int mr, int tail, float alpha, float beta, float[] sink) {
        int a1 = a0 + Math.min(1, mr - 1) * rs;
        int a2 = a0 + Math.min(2, mr - 1) * rs;
        int a3 = a0 + Math.min(3, mr - 1) * rs;
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S), c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S), c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        for (int p = 0, o = 0, bi = bStart; p < kc; p++, o += ps, bi += 4 * L) {
            FloatVector v0 = FloatVector.fromArray(S, bp, bi);
            FloatVector v1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector v2 = FloatVector.fromArray(S, bp, bi + 2 * L);
            FloatVector v3 = FloatVector.fromArray(S, bp, bi + 3 * L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + o]);
            c00 = x.fma(v0, c00); c01 = x.fma(v1, c01); c02 = x.fma(v2, c02); c03 = x.fma(v3, c03);
            x = FloatVector.broadcast(S, a[a1 + o]);
            c10 = x.fma(v0, c10); c11 = x.fma(v1, c11); c12 = x.fma(v2, c12); c13 = x.fma(v3, c13);
            x = FloatVector.broadcast(S, a[a2 + o]);
            c20 = x.fma(v0, c20); c21 = x.fma(v1, c21); c22 = x.fma(v2, c22); c23 = x.fma(v3, c23);
            x = FloatVector.broadcast(S, a[a3 + o]);
            c30 = x.fma(v0, c30); c31 = x.fma(v1, c31); c32 = x.fma(v2, c32); c33 = x.fma(v3, c33);
        }
        boolean full = tail == L;
        FloatVector al = FloatVector.broadcast(S, alpha), be = FloatVector.broadcast(S, beta);
        VectorMask<Float> rm = S.indexInRange(0, beta == 0f ? 0 : L), rt = S.indexInRange(0, beta == 0f ? 0 : tail);
        VectorMask<Float> m = S.indexInRange(0, tail);
        FloatVector y;
        float[] t = c;
        int i = c0;
        c00.fma(al, FloatVector.fromArray(S, t, i, rm).mul(be)).intoArray(t, i);
        c01.fma(al, FloatVector.fromArray(S, t, i + L, rm).mul(be)).intoArray(t, i + L);
        c02.fma(al, FloatVector.fromArray(S, t, i + 2 * L, rm).mul(be)).intoArray(t, i + 2 * L);
        y = c03.fma(al, FloatVector.fromArray(S, t, i + 3 * L, rt).mul(be));
        if (full) y.intoArray(t, i + 3 * L); else y.intoArray(t, i + 3 * L, m);
        if (mr > 1) i += ldc; else { t = sink; i = 0; }
        c10.fma(al, FloatVector.fromArray(S, t, i, rm).mul(be)).intoArray(t, i);
        c11.fma(al, FloatVector.fromArray(S, t, i + L, rm).mul(be)).intoArray(t, i + L);
        c12.fma(al, FloatVector.fromArray(S, t, i + 2 * L, rm).mul(be)).intoArray(t, i + 2 * L);
        y = c13.fma(al, FloatVector.fromArray(S, t, i + 3 * L, rt).mul(be));
        if (full) y.intoArray(t, i + 3 * L); else y.intoArray(t, i + 3 * L, m);
        if (mr > 2) i += ldc; else { t = sink; i = 0; }
        c20.fma(al, FloatVector.fromArray(S, t, i, rm).mul(be)).intoArray(t, i);
        c21.fma(al, FloatVector.fromArray(S, t, i + L, rm).mul(be)).intoArray(t, i + L);
        c22.fma(al, FloatVector.fromArray(S, t, i + 2 * L, rm).mul(be)).intoArray(t, i + 2 * L);
        y = c23.fma(al, FloatVector.fromArray(S, t, i + 3 * L, rt).mul(be));
        if (full) y.intoArray(t, i + 3 * L); else y.intoArray(t, i + 3 * L, m);
        if (mr > 3) i += ldc; else { t = sink; i = 0; }
        c30.fma(al, FloatVector.fromArray(S, t, i, rm).mul(be)).intoArray(t, i);
        c31.fma(al, FloatVector.fromArray(S, t, i + L, rm).mul(be)).intoArray(t, i + L);
        c32.fma(al, FloatVector.fromArray(S, t, i + 2 * L, rm).mul(be)).intoArray(t, i + 2 * L);
        y = c33.fma(al, FloatVector.fromArray(S, t, i + 3 * L, rt).mul(be));
        if (full) y.intoArray(t, i + 3 * L); else y.intoArray(t, i + 3 * L, m);
    }

    // C[mr ≤ 4, 3·L] ← alpha·A·Bp + beta·C; A(i, p) = a[a0 + i·rs + p·ps]; Bp: [kc, 3·L] from b0
    static void tile4x3(int kc, float[] a, int a0, int rs, int ps, float[] bp, int bStart,
                       float[] c, int c0, int ldc, int mr, int tail, float alpha, float beta, float[] sink) {
        int a1 = a0 + Math.min(1, mr - 1) * rs;
        int a2 = a0 + Math.min(2, mr - 1) * rs;
        int a3 = a0 + Math.min(3, mr - 1) * rs;
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S);
        for (int p = 0, o = 0, bi = bStart; p < kc; p++, o += ps, bi += 3 * L) {
            FloatVector v0 = FloatVector.fromArray(S, bp, bi);
            FloatVector v1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector v2 = FloatVector.fromArray(S, bp, bi + 2 * L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + o]);
            c00 = x.fma(v0, c00); c01 = x.fma(v1, c01); c02 = x.fma(v2, c02);
            x = FloatVector.broadcast(S, a[a1 + o]);
            c10 = x.fma(v0, c10); c11 = x.fma(v1, c11); c12 = x.fma(v2, c12);
            x = FloatVector.broadcast(S, a[a2 + o]);
            c20 = x.fma(v0, c20); c21 = x.fma(v1, c21); c22 = x.fma(v2, c22);
            x = FloatVector.broadcast(S, a[a3 + o]);
            c30 = x.fma(v0, c30); c31 = x.fma(v1, c31); c32 = x.fma(v2, c32);
        }
        boolean full = tail == L;
        FloatVector al = FloatVector.broadcast(S, alpha), be = FloatVector.broadcast(S, beta);
        VectorMask<Float> rm = S.indexInRange(0, beta == 0f ? 0 : L), rt = S.indexInRange(0, beta == 0f ? 0 : tail);
        VectorMask<Float> m = S.indexInRange(0, tail);
        FloatVector y;
        float[] t = c;
        int i = c0;
        c00.fma(al, FloatVector.fromArray(S, t, i, rm).mul(be)).intoArray(t, i);
        c01.fma(al, FloatVector.fromArray(S, t, i + L, rm).mul(be)).intoArray(t, i + L);
        y = c02.fma(al, FloatVector.fromArray(S, t, i + 2 * L, rt).mul(be));
        if (full) y.intoArray(t, i + 2 * L); else y.intoArray(t, i + 2 * L, m);
        if (mr > 1) i += ldc; else { t = sink; i = 0; }
        c10.fma(al, FloatVector.fromArray(S, t, i, rm).mul(be)).intoArray(t, i);
        c11.fma(al, FloatVector.fromArray(S, t, i + L, rm).mul(be)).intoArray(t, i + L);
        y = c12.fma(al, FloatVector.fromArray(S, t, i + 2 * L, rt).mul(be));
        if (full) y.intoArray(t, i + 2 * L); else y.intoArray(t, i + 2 * L, m);
        if (mr > 2) i += ldc; else { t = sink; i = 0; }
        c20.fma(al, FloatVector.fromArray(S, t, i, rm).mul(be)).intoArray(t, i);
        c21.fma(al, FloatVector.fromArray(S, t, i + L, rm).mul(be)).intoArray(t, i + L);
        y = c22.fma(al, FloatVector.fromArray(S, t, i + 2 * L, rt).mul(be));
        if (full) y.intoArray(t, i + 2 * L); else y.intoArray(t, i + 2 * L, m);
        if (mr > 3) i += ldc; else { t = sink; i = 0; }
        c30.fma(al, FloatVector.fromArray(S, t, i, rm).mul(be)).intoArray(t, i);
        c31.fma(al, FloatVector.fromArray(S, t, i + L, rm).mul(be)).intoArray(t, i + L);
        y = c32.fma(al, FloatVector.fromArray(S, t, i + 2 * L, rt).mul(be));
        if (full) y.intoArray(t, i + 2 * L); else y.intoArray(t, i + 2 * L, m);
    }

    // C[mr ≤ 4, 2·L] ← alpha·A·Bp + beta·C; A(i, p) = a[a0 + i·rs + p·ps]; Bp: [kc, 2·L] from b0
    static void tile4x2(int kc, float[] a, int a0, int rs, int ps, float[] bp, int bStart,
                       float[] c, int c0, int ldc, int mr, int tail, float alpha, float beta, float[] sink) {
        int a1 = a0 + Math.min(1, mr - 1) * rs;
        int a2 = a0 + Math.min(2, mr - 1) * rs;
        int a3 = a0 + Math.min(3, mr - 1) * rs;
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        for (int p = 0, o = 0, bi = bStart; p < kc; p++, o += ps, bi += 2 * L) {
            FloatVector v0 = FloatVector.fromArray(S, bp, bi);
            FloatVector v1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + o]);
            c00 = x.fma(v0, c00); c01 = x.fma(v1, c01);
            x = FloatVector.broadcast(S, a[a1 + o]);
            c10 = x.fma(v0, c10); c11 = x.fma(v1, c11);
            x = FloatVector.broadcast(S, a[a2 + o]);
            c20 = x.fma(v0, c20); c21 = x.fma(v1, c21);
            x = FloatVector.broadcast(S, a[a3 + o]);
            c30 = x.fma(v0, c30); c31 = x.fma(v1, c31);
        }
        boolean full = tail == L;
        FloatVector al = FloatVector.broadcast(S, alpha), be = FloatVector.broadcast(S, beta);
        VectorMask<Float> rm = S.indexInRange(0, beta == 0f ? 0 : L), rt = S.indexInRange(0, beta == 0f ? 0 : tail);
        VectorMask<Float> m = S.indexInRange(0, tail);
        FloatVector y;
        float[] t = c;
        int i = c0;
        c00.fma(al, FloatVector.fromArray(S, t, i, rm).mul(be)).intoArray(t, i);
        y = c01.fma(al, FloatVector.fromArray(S, t, i + L, rt).mul(be));
        if (full) y.intoArray(t, i + L); else y.intoArray(t, i + L, m);
        if (mr > 1) i += ldc; else { t = sink; i = 0; }
        c10.fma(al, FloatVector.fromArray(S, t, i, rm).mul(be)).intoArray(t, i);
        y = c11.fma(al, FloatVector.fromArray(S, t, i + L, rt).mul(be));
        if (full) y.intoArray(t, i + L); else y.intoArray(t, i + L, m);
        if (mr > 2) i += ldc; else { t = sink; i = 0; }
        c20.fma(al, FloatVector.fromArray(S, t, i, rm).mul(be)).intoArray(t, i);
        y = c21.fma(al, FloatVector.fromArray(S, t, i + L, rt).mul(be));
        if (full) y.intoArray(t, i + L); else y.intoArray(t, i + L, m);
        if (mr > 3) i += ldc; else { t = sink; i = 0; }
        c30.fma(al, FloatVector.fromArray(S, t, i, rm).mul(be)).intoArray(t, i);
        y = c31.fma(al, FloatVector.fromArray(S, t, i + L, rt).mul(be));
        if (full) y.intoArray(t, i + L); else y.intoArray(t, i + L, m);
    }

    // C[mr ≤ 4, 1·L] ← alpha·A·Bp + beta·C; A(i, p) = a[a0 + i·rs + p·ps]; Bp: [kc, 1·L] from b0
    static void tile4x1(int kc, float[] a, int a0, int rs, int ps, float[] bp, int bStart,
                       float[] c, int c0, int ldc, int mr, int tail, float alpha, float beta, float[] sink) {
        int a1 = a0 + Math.min(1, mr - 1) * rs;
        int a2 = a0 + Math.min(2, mr - 1) * rs;
        int a3 = a0 + Math.min(3, mr - 1) * rs;
        FloatVector c00 = FloatVector.zero(S), c10 = FloatVector.zero(S), c20 = FloatVector.zero(S), c30 = FloatVector.zero(S);
        for (int p = 0, o = 0, bi = bStart; p < kc; p++, o += ps, bi += 1 * L) {
            FloatVector v0 = FloatVector.fromArray(S, bp, bi);
            FloatVector x = FloatVector.broadcast(S, a[a0 + o]);
            c00 = x.fma(v0, c00);
            x = FloatVector.broadcast(S, a[a1 + o]);
            c10 = x.fma(v0, c10);
            x = FloatVector.broadcast(S, a[a2 + o]);
            c20 = x.fma(v0, c20);
            x = FloatVector.broadcast(S, a[a3 + o]);
            c30 = x.fma(v0, c30);
        }
        boolean full = tail == L;
        FloatVector al = FloatVector.broadcast(S, alpha), be = FloatVector.broadcast(S, beta);
        VectorMask<Float> rm = S.indexInRange(0, beta == 0f ? 0 : L), rt = S.indexInRange(0, beta == 0f ? 0 : tail);
        VectorMask<Float> m = S.indexInRange(0, tail);
        FloatVector y;
        float[] t = c;
        int i = c0;
        y = c00.fma(al, FloatVector.fromArray(S, t, i, rt).mul(be));
        if (full) y.intoArray(t, i); else y.intoArray(t, i, m);
        if (mr > 1) i += ldc; else { t = sink; i = 0; }
        y = c10.fma(al, FloatVector.fromArray(S, t, i, rt).mul(be));
        if (full) y.intoArray(t, i); else y.intoArray(t, i, m);
        if (mr > 2) i += ldc; else { t = sink; i = 0; }
        y = c20.fma(al, FloatVector.fromArray(S, t, i, rt).mul(be));
        if (full) y.intoArray(t, i); else y.intoArray(t, i, m);
        if (mr > 3) i += ldc; else { t = sink; i = 0; }
        y = c30.fma(al, FloatVector.fromArray(S, t, i, rt).mul(be));
        if (full) y.intoArray(t, i); else y.intoArray(t, i, m);
    }

    // C[mr ≤ 3, 3·L] ← alpha·A·Bp + beta·C; A(i, p) = a[a0 + i·rs + p·ps]; Bp: [kc, 3·L] from b0
    static void tile3x3(int kc, float[] a, int a0, int rs, int ps, float[] bp, int bStart,
                       float[] c, int c0, int ldc, int mr, int tail, float alpha, float beta, float[] sink) {
        int a1 = a0 + Math.min(1, mr - 1) * rs;
        int a2 = a0 + Math.min(2, mr - 1) * rs;
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S);
        for (int p = 0, o = 0, bi = bStart; p < kc; p++, o += ps, bi += 3 * L) {
            FloatVector v0 = FloatVector.fromArray(S, bp, bi);
            FloatVector v1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector v2 = FloatVector.fromArray(S, bp, bi + 2 * L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + o]);
            c00 = x.fma(v0, c00); c01 = x.fma(v1, c01); c02 = x.fma(v2, c02);
            x = FloatVector.broadcast(S, a[a1 + o]);
            c10 = x.fma(v0, c10); c11 = x.fma(v1, c11); c12 = x.fma(v2, c12);
            x = FloatVector.broadcast(S, a[a2 + o]);
            c20 = x.fma(v0, c20); c21 = x.fma(v1, c21); c22 = x.fma(v2, c22);
        }
        boolean full = tail == L;
        FloatVector al = FloatVector.broadcast(S, alpha), be = FloatVector.broadcast(S, beta);
        VectorMask<Float> rm = S.indexInRange(0, beta == 0f ? 0 : L), rt = S.indexInRange(0, beta == 0f ? 0 : tail);
        VectorMask<Float> m = S.indexInRange(0, tail);
        FloatVector y;
        float[] t = c;
        int i = c0;
        c00.fma(al, FloatVector.fromArray(S, t, i, rm).mul(be)).intoArray(t, i);
        c01.fma(al, FloatVector.fromArray(S, t, i + L, rm).mul(be)).intoArray(t, i + L);
        y = c02.fma(al, FloatVector.fromArray(S, t, i + 2 * L, rt).mul(be));
        if (full) y.intoArray(t, i + 2 * L); else y.intoArray(t, i + 2 * L, m);
        if (mr > 1) i += ldc; else { t = sink; i = 0; }
        c10.fma(al, FloatVector.fromArray(S, t, i, rm).mul(be)).intoArray(t, i);
        c11.fma(al, FloatVector.fromArray(S, t, i + L, rm).mul(be)).intoArray(t, i + L);
        y = c12.fma(al, FloatVector.fromArray(S, t, i + 2 * L, rt).mul(be));
        if (full) y.intoArray(t, i + 2 * L); else y.intoArray(t, i + 2 * L, m);
        if (mr > 2) i += ldc; else { t = sink; i = 0; }
        c20.fma(al, FloatVector.fromArray(S, t, i, rm).mul(be)).intoArray(t, i);
        c21.fma(al, FloatVector.fromArray(S, t, i + L, rm).mul(be)).intoArray(t, i + L);
        y = c22.fma(al, FloatVector.fromArray(S, t, i + 2 * L, rt).mul(be));
        if (full) y.intoArray(t, i + 2 * L); else y.intoArray(t, i + 2 * L, m);
    }

    // C[mr ≤ 3, 2·L] ← alpha·A·Bp + beta·C; A(i, p) = a[a0 + i·rs + p·ps]; Bp: [kc, 2·L] from b0
    static void tile3x2(int kc, float[] a, int a0, int rs, int ps, float[] bp, int bStart,
                       float[] c, int c0, int ldc, int mr, int tail, float alpha, float beta, float[] sink) {
        int a1 = a0 + Math.min(1, mr - 1) * rs;
        int a2 = a0 + Math.min(2, mr - 1) * rs;
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        for (int p = 0, o = 0, bi = bStart; p < kc; p++, o += ps, bi += 2 * L) {
            FloatVector v0 = FloatVector.fromArray(S, bp, bi);
            FloatVector v1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + o]);
            c00 = x.fma(v0, c00); c01 = x.fma(v1, c01);
            x = FloatVector.broadcast(S, a[a1 + o]);
            c10 = x.fma(v0, c10); c11 = x.fma(v1, c11);
            x = FloatVector.broadcast(S, a[a2 + o]);
            c20 = x.fma(v0, c20); c21 = x.fma(v1, c21);
        }
        boolean full = tail == L;
        FloatVector al = FloatVector.broadcast(S, alpha), be = FloatVector.broadcast(S, beta);
        VectorMask<Float> rm = S.indexInRange(0, beta == 0f ? 0 : L), rt = S.indexInRange(0, beta == 0f ? 0 : tail);
        VectorMask<Float> m = S.indexInRange(0, tail);
        FloatVector y;
        float[] t = c;
        int i = c0;
        c00.fma(al, FloatVector.fromArray(S, t, i, rm).mul(be)).intoArray(t, i);
        y = c01.fma(al, FloatVector.fromArray(S, t, i + L, rt).mul(be));
        if (full) y.intoArray(t, i + L); else y.intoArray(t, i + L, m);
        if (mr > 1) i += ldc; else { t = sink; i = 0; }
        c10.fma(al, FloatVector.fromArray(S, t, i, rm).mul(be)).intoArray(t, i);
        y = c11.fma(al, FloatVector.fromArray(S, t, i + L, rt).mul(be));
        if (full) y.intoArray(t, i + L); else y.intoArray(t, i + L, m);
        if (mr > 2) i += ldc; else { t = sink; i = 0; }
        c20.fma(al, FloatVector.fromArray(S, t, i, rm).mul(be)).intoArray(t, i);
        y = c21.fma(al, FloatVector.fromArray(S, t, i + L, rt).mul(be));
        if (full) y.intoArray(t, i + L); else y.intoArray(t, i + L, m);
    }

    // C[mr ≤ 3, 1·L] ← alpha·A·Bp + beta·C; A(i, p) = a[a0 + i·rs + p·ps]; Bp: [kc, 1·L] from b0
    static void tile3x1(int kc, float[] a, int a0, int rs, int ps, float[] bp, int bStart,
                       float[] c, int c0, int ldc, int mr, int tail, float alpha, float beta, float[] sink) {
        int a1 = a0 + Math.min(1, mr - 1) * rs;
        int a2 = a0 + Math.min(2, mr - 1) * rs;
        FloatVector c00 = FloatVector.zero(S), c10 = FloatVector.zero(S), c20 = FloatVector.zero(S);
        for (int p = 0, o = 0, bi = bStart; p < kc; p++, o += ps, bi += 1 * L) {
            FloatVector v0 = FloatVector.fromArray(S, bp, bi);
            FloatVector x = FloatVector.broadcast(S, a[a0 + o]);
            c00 = x.fma(v0, c00);
            x = FloatVector.broadcast(S, a[a1 + o]);
            c10 = x.fma(v0, c10);
            x = FloatVector.broadcast(S, a[a2 + o]);
            c20 = x.fma(v0, c20);
        }
        boolean full = tail == L;
        FloatVector al = FloatVector.broadcast(S, alpha), be = FloatVector.broadcast(S, beta);
        VectorMask<Float> rm = S.indexInRange(0, beta == 0f ? 0 : L), rt = S.indexInRange(0, beta == 0f ? 0 : tail);
        VectorMask<Float> m = S.indexInRange(0, tail);
        FloatVector y;
        float[] t = c;
        int i = c0;
        y = c00.fma(al, FloatVector.fromArray(S, t, i, rt).mul(be));
        if (full) y.intoArray(t, i); else y.intoArray(t, i, m);
        if (mr > 1) i += ldc; else { t = sink; i = 0; }
        y = c10.fma(al, FloatVector.fromArray(S, t, i, rt).mul(be));
        if (full) y.intoArray(t, i); else y.intoArray(t, i, m);
        if (mr > 2) i += ldc; else { t = sink; i = 0; }
        y = c20.fma(al, FloatVector.fromArray(S, t, i, rt).mul(be));
        if (full) y.intoArray(t, i); else y.intoArray(t, i, m);
    }
}
