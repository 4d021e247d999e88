package trm4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tiles of {@link VectorGemm}: an MR × (nv·L) block of C held in MR·nv accumulators, updated by one
 * rank-1 product per depth step (MR broadcasts of A, nv vectors of a packed B panel), then written straight into C
 * when C is just the sums or C + the sums (whole vectors, alpha = 1), else stored to a scratch tile and from there
 * into C by one vectorised, masked pass ({@link #store}).
 *
 * <p>Shapes: with 16 floats per vector (AVX-512, 32 registers) MR = 4 and full panels are 4 vectors wide
 * (16 accumulators + 4 B vectors + 4 broadcasts = 24 registers); with 8 or 4 floats (AVX2 and narrower, 16
 * registers) MR = 3 and panels are 3 vectors wide (9 + 3 + 3 = 15). Large products give AVX-512's full panels
 * {@link #MR_FULL} = 6 rows instead (24 accumulators + 4 B vectors + 1 broadcast = 29 registers; see VectorGemm). The last panel of a matrix is as many vectors
 * wide as its columns need, its last vector masked: a 40-column C costs 3 vectors, not a full panel plus a scalar
 * edge.
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
    /**
     * Rows of a tile on a full panel (NV vectors): 6 with 32 registers (24 accumulators + 4 B vectors + 1 broadcast;
     * alone in cache 199 against 156 GFLOP/s for 4 rows on Zen 5), else MR. Narrower panels keep MR rows: a 6-row
     * tile did not pay there (the second round's measurements in BENCHMARKS.md).
     */
    static final int MR_FULL = L >= 16 ? 6 : MR;

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
     * One tile: sums of MR rows of op(A) (rows from {@code rows} on repeat the last valid one) against a packed B
     * panel [kc, nv·L] from b0, written as MR rows of nv whole vectors to t from t0 (row stride ldt), or added to
     * what is there when {@code add}. Straight into C when C ← sums (alpha = 1, beta = 0) or C ← C + sums
     * (alpha = beta = 1: fma(sum, 1, C) = sum + C) and every row and lane is inside C; otherwise into a scratch
     * tile [MR, NR] that {@link #store} then moves into C. {@code tall}: {@link #MR_FULL} rows instead of MR, on a
     * full panel (nv = NV; only where MR_FULL differs from MR).
     */
    static void tile(boolean tall, int nv, int kc, float[] a, int a0, int rs, int ps, int rows, float[] bp, int b0,
                     float[] t, int t0, int ldt, boolean add) {
        if (tall) {
            if (add) add6x4(kc, a, a0, rs, ps, rows, bp, b0, t, t0, ldt);
            else tile6x4(kc, a, a0, rs, ps, rows, bp, b0, t, t0, ldt);
        } else if (MR == 4) {
            if (add) {
                switch (nv) {
                    case 4 -> add4x4(kc, a, a0, rs, ps, rows, bp, b0, t, t0, ldt);
                    case 3 -> add4x3(kc, a, a0, rs, ps, rows, bp, b0, t, t0, ldt);
                    case 2 -> add4x2(kc, a, a0, rs, ps, rows, bp, b0, t, t0, ldt);
                    default -> add4x1(kc, a, a0, rs, ps, rows, bp, b0, t, t0, ldt);
                }
            } else {
                switch (nv) {
                    case 4 -> tile4x4(kc, a, a0, rs, ps, rows, bp, b0, t, t0, ldt);
                    case 3 -> tile4x3(kc, a, a0, rs, ps, rows, bp, b0, t, t0, ldt);
                    case 2 -> tile4x2(kc, a, a0, rs, ps, rows, bp, b0, t, t0, ldt);
                    default -> tile4x1(kc, a, a0, rs, ps, rows, bp, b0, t, t0, ldt);
                }
            }
        } else if (add) {
            switch (nv) {
                case 3 -> add3x3(kc, a, a0, rs, ps, rows, bp, b0, t, t0, ldt);
                case 2 -> add3x2(kc, a, a0, rs, ps, rows, bp, b0, t, t0, ldt);
                default -> add3x1(kc, a, a0, rs, ps, rows, bp, b0, t, t0, ldt);
            }
        } else {
            switch (nv) {
                case 3 -> tile3x3(kc, a, a0, rs, ps, rows, bp, b0, t, t0, ldt);
                case 2 -> tile3x2(kc, a, a0, rs, ps, rows, bp, b0, t, t0, ldt);
                default -> tile3x1(kc, a, a0, rs, ps, rows, bp, b0, t, t0, ldt);
            }
        }
    }

    /**
     * C[mr rows at c0, nv vectors, the last with {@code tail} lanes] ← fma(t, alpha, beta·C), C read as 0 when
     * beta = 0 (so NaN in an overwritten C is ignored). Every vector must lie inside c.
     */
    static void store(float[] t, int mr, int nv, int tail, float alpha, float beta, float[] c, int c0, int ldc) {
        FloatVector al = FloatVector.broadcast(S, alpha), be = FloatVector.broadcast(S, beta);
        VectorMask<Float> end = S.indexInRange(0, tail);
        if (beta == 0f) {   // C ← fma(t, alpha, +0) without reading C (a masked load per vector cost ~2 % of a demo step)
            FloatVector zero = FloatVector.zero(S);
            for (int r = 0; r < mr; r++) {
                int ti = r * NR, ci = c0 + r * ldc;
                for (int v = 1; v < nv; v++, ti += L, ci += L) FloatVector.fromArray(S, t, ti).fma(al, zero).intoArray(c, ci);
                FloatVector.fromArray(S, t, ti).fma(al, zero).intoArray(c, ci, end);
            }
            return;
        }
        for (int r = 0; r < mr; r++) {
            int ti = r * NR, ci = c0 + r * ldc;
            for (int v = 1; v < nv; v++, ti += L, ci += L)
                FloatVector.fromArray(S, t, ti).fma(al, FloatVector.fromArray(S, c, ci).mul(be)).intoArray(c, ci);
            FloatVector.fromArray(S, t, ti).fma(al, FloatVector.fromArray(S, c, ci, end).mul(be)).intoArray(c, ci, end);
        }
    }

    /** The scalar twin of {@link #store}, bit-identical per element. */
    static float update(float sum, float alpha, float beta, float cOld) {
        return Math.fma(sum, alpha, beta == 0f ? 0f : beta * cOld);
    }

    // The tiles below differ only in MR, nv and whether they add to t (kept as plain code: C2 keeps each accumulator in a register only
    // when it is a local variable). Each is a depth loop and plain stores, nothing else: small enough for C1 to
    // compile (with the store fused in, C1 gave up on them and they ran interpreted, ~100x slower, until C2 came),
    // and without branches that a late edge case could turn into a deoptimisation.

    static void tile4x4(int kc, float[] a, int a0, int rs, int ps, int rows, float[] bp, int bStart,
                       float[] t, int t0, int ldt) {
        int a1 = a0 + Math.min(1, rows - 1) * rs;
        int a2 = a0 + Math.min(2, rows - 1) * rs;
        int a3 = a0 + Math.min(3, rows - 1) * rs;
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
        int o0 = t0;
        c00.intoArray(t, o0);
        c01.intoArray(t, o0 + L);
        c02.intoArray(t, o0 + 2 * L);
        c03.intoArray(t, o0 + 3 * L);
        int o1 = t0 + ldt;
        c10.intoArray(t, o1);
        c11.intoArray(t, o1 + L);
        c12.intoArray(t, o1 + 2 * L);
        c13.intoArray(t, o1 + 3 * L);
        int o2 = t0 + 2 * ldt;
        c20.intoArray(t, o2);
        c21.intoArray(t, o2 + L);
        c22.intoArray(t, o2 + 2 * L);
        c23.intoArray(t, o2 + 3 * L);
        int o3 = t0 + 3 * ldt;
        c30.intoArray(t, o3);
        c31.intoArray(t, o3 + L);
        c32.intoArray(t, o3 + 2 * L);
        c33.intoArray(t, o3 + 3 * L);
    }

    static void tile4x3(int kc, float[] a, int a0, int rs, int ps, int rows, float[] bp, int bStart,
                       float[] t, int t0, int ldt) {
        int a1 = a0 + Math.min(1, rows - 1) * rs;
        int a2 = a0 + Math.min(2, rows - 1) * rs;
        int a3 = a0 + Math.min(3, rows - 1) * rs;
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
        int o0 = t0;
        c00.intoArray(t, o0);
        c01.intoArray(t, o0 + L);
        c02.intoArray(t, o0 + 2 * L);
        int o1 = t0 + ldt;
        c10.intoArray(t, o1);
        c11.intoArray(t, o1 + L);
        c12.intoArray(t, o1 + 2 * L);
        int o2 = t0 + 2 * ldt;
        c20.intoArray(t, o2);
        c21.intoArray(t, o2 + L);
        c22.intoArray(t, o2 + 2 * L);
        int o3 = t0 + 3 * ldt;
        c30.intoArray(t, o3);
        c31.intoArray(t, o3 + L);
        c32.intoArray(t, o3 + 2 * L);
    }

    static void tile4x2(int kc, float[] a, int a0, int rs, int ps, int rows, float[] bp, int bStart,
                       float[] t, int t0, int ldt) {
        int a1 = a0 + Math.min(1, rows - 1) * rs;
        int a2 = a0 + Math.min(2, rows - 1) * rs;
        int a3 = a0 + Math.min(3, rows - 1) * rs;
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
        int o0 = t0;
        c00.intoArray(t, o0);
        c01.intoArray(t, o0 + L);
        int o1 = t0 + ldt;
        c10.intoArray(t, o1);
        c11.intoArray(t, o1 + L);
        int o2 = t0 + 2 * ldt;
        c20.intoArray(t, o2);
        c21.intoArray(t, o2 + L);
        int o3 = t0 + 3 * ldt;
        c30.intoArray(t, o3);
        c31.intoArray(t, o3 + L);
    }

    static void tile4x1(int kc, float[] a, int a0, int rs, int ps, int rows, float[] bp, int bStart,
                       float[] t, int t0, int ldt) {
        int a1 = a0 + Math.min(1, rows - 1) * rs;
        int a2 = a0 + Math.min(2, rows - 1) * rs;
        int a3 = a0 + Math.min(3, rows - 1) * rs;
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
        int o0 = t0;
        c00.intoArray(t, o0);
        int o1 = t0 + ldt;
        c10.intoArray(t, o1);
        int o2 = t0 + 2 * ldt;
        c20.intoArray(t, o2);
        int o3 = t0 + 3 * ldt;
        c30.intoArray(t, o3);
    }

    static void tile3x3(int kc, float[] a, int a0, int rs, int ps, int rows, float[] bp, int bStart,
                       float[] t, int t0, int ldt) {
        int a1 = a0 + Math.min(1, rows - 1) * rs;
        int a2 = a0 + Math.min(2, rows - 1) * rs;
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
        int o0 = t0;
        c00.intoArray(t, o0);
        c01.intoArray(t, o0 + L);
        c02.intoArray(t, o0 + 2 * L);
        int o1 = t0 + ldt;
        c10.intoArray(t, o1);
        c11.intoArray(t, o1 + L);
        c12.intoArray(t, o1 + 2 * L);
        int o2 = t0 + 2 * ldt;
        c20.intoArray(t, o2);
        c21.intoArray(t, o2 + L);
        c22.intoArray(t, o2 + 2 * L);
    }

    static void tile3x2(int kc, float[] a, int a0, int rs, int ps, int rows, float[] bp, int bStart,
                       float[] t, int t0, int ldt) {
        int a1 = a0 + Math.min(1, rows - 1) * rs;
        int a2 = a0 + Math.min(2, rows - 1) * rs;
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
        int o0 = t0;
        c00.intoArray(t, o0);
        c01.intoArray(t, o0 + L);
        int o1 = t0 + ldt;
        c10.intoArray(t, o1);
        c11.intoArray(t, o1 + L);
        int o2 = t0 + 2 * ldt;
        c20.intoArray(t, o2);
        c21.intoArray(t, o2 + L);
    }

    static void tile3x1(int kc, float[] a, int a0, int rs, int ps, int rows, float[] bp, int bStart,
                       float[] t, int t0, int ldt) {
        int a1 = a0 + Math.min(1, rows - 1) * rs;
        int a2 = a0 + Math.min(2, rows - 1) * rs;
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
        int o0 = t0;
        c00.intoArray(t, o0);
        int o1 = t0 + ldt;
        c10.intoArray(t, o1);
        int o2 = t0 + 2 * ldt;
        c20.intoArray(t, o2);
    }

    static void tile6x4(int kc, float[] a, int a0, int rs, int ps, int rows, float[] bp, int bStart,
                       float[] t, int t0, int ldt) {
        int a1 = a0 + Math.min(1, rows - 1) * rs;
        int a2 = a0 + Math.min(2, rows - 1) * rs;
        int a3 = a0 + Math.min(3, rows - 1) * rs;
        int a4 = a0 + Math.min(4, rows - 1) * rs;
        int a5 = a0 + Math.min(5, rows - 1) * rs;
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S), c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S), c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S), c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S), c43 = FloatVector.zero(S), c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(S), c53 = FloatVector.zero(S);
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
            x = FloatVector.broadcast(S, a[a4 + o]);
            c40 = x.fma(v0, c40); c41 = x.fma(v1, c41); c42 = x.fma(v2, c42); c43 = x.fma(v3, c43);
            x = FloatVector.broadcast(S, a[a5 + o]);
            c50 = x.fma(v0, c50); c51 = x.fma(v1, c51); c52 = x.fma(v2, c52); c53 = x.fma(v3, c53);
        }
        int o0 = t0;
        c00.intoArray(t, o0);
        c01.intoArray(t, o0 + L);
        c02.intoArray(t, o0 + 2 * L);
        c03.intoArray(t, o0 + 3 * L);
        int o1 = t0 + ldt;
        c10.intoArray(t, o1);
        c11.intoArray(t, o1 + L);
        c12.intoArray(t, o1 + 2 * L);
        c13.intoArray(t, o1 + 3 * L);
        int o2 = t0 + 2 * ldt;
        c20.intoArray(t, o2);
        c21.intoArray(t, o2 + L);
        c22.intoArray(t, o2 + 2 * L);
        c23.intoArray(t, o2 + 3 * L);
        int o3 = t0 + 3 * ldt;
        c30.intoArray(t, o3);
        c31.intoArray(t, o3 + L);
        c32.intoArray(t, o3 + 2 * L);
        c33.intoArray(t, o3 + 3 * L);
        int o4 = t0 + 4 * ldt;
        c40.intoArray(t, o4);
        c41.intoArray(t, o4 + L);
        c42.intoArray(t, o4 + 2 * L);
        c43.intoArray(t, o4 + 3 * L);
        int o5 = t0 + 5 * ldt;
        c50.intoArray(t, o5);
        c51.intoArray(t, o5 + L);
        c52.intoArray(t, o5 + 2 * L);
        c53.intoArray(t, o5 + 3 * L);
    }

    static void add6x4(int kc, float[] a, int a0, int rs, int ps, int rows, float[] bp, int bStart,
                       float[] t, int t0, int ldt) {
        int a1 = a0 + Math.min(1, rows - 1) * rs;
        int a2 = a0 + Math.min(2, rows - 1) * rs;
        int a3 = a0 + Math.min(3, rows - 1) * rs;
        int a4 = a0 + Math.min(4, rows - 1) * rs;
        int a5 = a0 + Math.min(5, rows - 1) * rs;
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S), c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S), c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S), c40 = FloatVector.zero(S), c41 = FloatVector.zero(S), c42 = FloatVector.zero(S), c43 = FloatVector.zero(S), c50 = FloatVector.zero(S), c51 = FloatVector.zero(S), c52 = FloatVector.zero(S), c53 = FloatVector.zero(S);
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
            x = FloatVector.broadcast(S, a[a4 + o]);
            c40 = x.fma(v0, c40); c41 = x.fma(v1, c41); c42 = x.fma(v2, c42); c43 = x.fma(v3, c43);
            x = FloatVector.broadcast(S, a[a5 + o]);
            c50 = x.fma(v0, c50); c51 = x.fma(v1, c51); c52 = x.fma(v2, c52); c53 = x.fma(v3, c53);
        }
        int o0 = t0;
        c00.add(FloatVector.fromArray(S, t, o0)).intoArray(t, o0);
        c01.add(FloatVector.fromArray(S, t, o0 + L)).intoArray(t, o0 + L);
        c02.add(FloatVector.fromArray(S, t, o0 + 2 * L)).intoArray(t, o0 + 2 * L);
        c03.add(FloatVector.fromArray(S, t, o0 + 3 * L)).intoArray(t, o0 + 3 * L);
        int o1 = t0 + ldt;
        c10.add(FloatVector.fromArray(S, t, o1)).intoArray(t, o1);
        c11.add(FloatVector.fromArray(S, t, o1 + L)).intoArray(t, o1 + L);
        c12.add(FloatVector.fromArray(S, t, o1 + 2 * L)).intoArray(t, o1 + 2 * L);
        c13.add(FloatVector.fromArray(S, t, o1 + 3 * L)).intoArray(t, o1 + 3 * L);
        int o2 = t0 + 2 * ldt;
        c20.add(FloatVector.fromArray(S, t, o2)).intoArray(t, o2);
        c21.add(FloatVector.fromArray(S, t, o2 + L)).intoArray(t, o2 + L);
        c22.add(FloatVector.fromArray(S, t, o2 + 2 * L)).intoArray(t, o2 + 2 * L);
        c23.add(FloatVector.fromArray(S, t, o2 + 3 * L)).intoArray(t, o2 + 3 * L);
        int o3 = t0 + 3 * ldt;
        c30.add(FloatVector.fromArray(S, t, o3)).intoArray(t, o3);
        c31.add(FloatVector.fromArray(S, t, o3 + L)).intoArray(t, o3 + L);
        c32.add(FloatVector.fromArray(S, t, o3 + 2 * L)).intoArray(t, o3 + 2 * L);
        c33.add(FloatVector.fromArray(S, t, o3 + 3 * L)).intoArray(t, o3 + 3 * L);
        int o4 = t0 + 4 * ldt;
        c40.add(FloatVector.fromArray(S, t, o4)).intoArray(t, o4);
        c41.add(FloatVector.fromArray(S, t, o4 + L)).intoArray(t, o4 + L);
        c42.add(FloatVector.fromArray(S, t, o4 + 2 * L)).intoArray(t, o4 + 2 * L);
        c43.add(FloatVector.fromArray(S, t, o4 + 3 * L)).intoArray(t, o4 + 3 * L);
        int o5 = t0 + 5 * ldt;
        c50.add(FloatVector.fromArray(S, t, o5)).intoArray(t, o5);
        c51.add(FloatVector.fromArray(S, t, o5 + L)).intoArray(t, o5 + L);
        c52.add(FloatVector.fromArray(S, t, o5 + 2 * L)).intoArray(t, o5 + 2 * L);
        c53.add(FloatVector.fromArray(S, t, o5 + 3 * L)).intoArray(t, o5 + 3 * L);
    }

    static void add4x4(int kc, float[] a, int a0, int rs, int ps, int rows, float[] bp, int bStart,
                       float[] t, int t0, int ldt) {
        int a1 = a0 + Math.min(1, rows - 1) * rs;
        int a2 = a0 + Math.min(2, rows - 1) * rs;
        int a3 = a0 + Math.min(3, rows - 1) * rs;
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
        int o0 = t0;
        c00.add(FloatVector.fromArray(S, t, o0)).intoArray(t, o0);
        c01.add(FloatVector.fromArray(S, t, o0 + L)).intoArray(t, o0 + L);
        c02.add(FloatVector.fromArray(S, t, o0 + 2 * L)).intoArray(t, o0 + 2 * L);
        c03.add(FloatVector.fromArray(S, t, o0 + 3 * L)).intoArray(t, o0 + 3 * L);
        int o1 = t0 + ldt;
        c10.add(FloatVector.fromArray(S, t, o1)).intoArray(t, o1);
        c11.add(FloatVector.fromArray(S, t, o1 + L)).intoArray(t, o1 + L);
        c12.add(FloatVector.fromArray(S, t, o1 + 2 * L)).intoArray(t, o1 + 2 * L);
        c13.add(FloatVector.fromArray(S, t, o1 + 3 * L)).intoArray(t, o1 + 3 * L);
        int o2 = t0 + 2 * ldt;
        c20.add(FloatVector.fromArray(S, t, o2)).intoArray(t, o2);
        c21.add(FloatVector.fromArray(S, t, o2 + L)).intoArray(t, o2 + L);
        c22.add(FloatVector.fromArray(S, t, o2 + 2 * L)).intoArray(t, o2 + 2 * L);
        c23.add(FloatVector.fromArray(S, t, o2 + 3 * L)).intoArray(t, o2 + 3 * L);
        int o3 = t0 + 3 * ldt;
        c30.add(FloatVector.fromArray(S, t, o3)).intoArray(t, o3);
        c31.add(FloatVector.fromArray(S, t, o3 + L)).intoArray(t, o3 + L);
        c32.add(FloatVector.fromArray(S, t, o3 + 2 * L)).intoArray(t, o3 + 2 * L);
        c33.add(FloatVector.fromArray(S, t, o3 + 3 * L)).intoArray(t, o3 + 3 * L);
    }

    static void add4x3(int kc, float[] a, int a0, int rs, int ps, int rows, float[] bp, int bStart,
                       float[] t, int t0, int ldt) {
        int a1 = a0 + Math.min(1, rows - 1) * rs;
        int a2 = a0 + Math.min(2, rows - 1) * rs;
        int a3 = a0 + Math.min(3, rows - 1) * rs;
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
        int o0 = t0;
        c00.add(FloatVector.fromArray(S, t, o0)).intoArray(t, o0);
        c01.add(FloatVector.fromArray(S, t, o0 + L)).intoArray(t, o0 + L);
        c02.add(FloatVector.fromArray(S, t, o0 + 2 * L)).intoArray(t, o0 + 2 * L);
        int o1 = t0 + ldt;
        c10.add(FloatVector.fromArray(S, t, o1)).intoArray(t, o1);
        c11.add(FloatVector.fromArray(S, t, o1 + L)).intoArray(t, o1 + L);
        c12.add(FloatVector.fromArray(S, t, o1 + 2 * L)).intoArray(t, o1 + 2 * L);
        int o2 = t0 + 2 * ldt;
        c20.add(FloatVector.fromArray(S, t, o2)).intoArray(t, o2);
        c21.add(FloatVector.fromArray(S, t, o2 + L)).intoArray(t, o2 + L);
        c22.add(FloatVector.fromArray(S, t, o2 + 2 * L)).intoArray(t, o2 + 2 * L);
        int o3 = t0 + 3 * ldt;
        c30.add(FloatVector.fromArray(S, t, o3)).intoArray(t, o3);
        c31.add(FloatVector.fromArray(S, t, o3 + L)).intoArray(t, o3 + L);
        c32.add(FloatVector.fromArray(S, t, o3 + 2 * L)).intoArray(t, o3 + 2 * L);
    }

    static void add4x2(int kc, float[] a, int a0, int rs, int ps, int rows, float[] bp, int bStart,
                       float[] t, int t0, int ldt) {
        int a1 = a0 + Math.min(1, rows - 1) * rs;
        int a2 = a0 + Math.min(2, rows - 1) * rs;
        int a3 = a0 + Math.min(3, rows - 1) * rs;
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
        int o0 = t0;
        c00.add(FloatVector.fromArray(S, t, o0)).intoArray(t, o0);
        c01.add(FloatVector.fromArray(S, t, o0 + L)).intoArray(t, o0 + L);
        int o1 = t0 + ldt;
        c10.add(FloatVector.fromArray(S, t, o1)).intoArray(t, o1);
        c11.add(FloatVector.fromArray(S, t, o1 + L)).intoArray(t, o1 + L);
        int o2 = t0 + 2 * ldt;
        c20.add(FloatVector.fromArray(S, t, o2)).intoArray(t, o2);
        c21.add(FloatVector.fromArray(S, t, o2 + L)).intoArray(t, o2 + L);
        int o3 = t0 + 3 * ldt;
        c30.add(FloatVector.fromArray(S, t, o3)).intoArray(t, o3);
        c31.add(FloatVector.fromArray(S, t, o3 + L)).intoArray(t, o3 + L);
    }

    static void add4x1(int kc, float[] a, int a0, int rs, int ps, int rows, float[] bp, int bStart,
                       float[] t, int t0, int ldt) {
        int a1 = a0 + Math.min(1, rows - 1) * rs;
        int a2 = a0 + Math.min(2, rows - 1) * rs;
        int a3 = a0 + Math.min(3, rows - 1) * rs;
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
        int o0 = t0;
        c00.add(FloatVector.fromArray(S, t, o0)).intoArray(t, o0);
        int o1 = t0 + ldt;
        c10.add(FloatVector.fromArray(S, t, o1)).intoArray(t, o1);
        int o2 = t0 + 2 * ldt;
        c20.add(FloatVector.fromArray(S, t, o2)).intoArray(t, o2);
        int o3 = t0 + 3 * ldt;
        c30.add(FloatVector.fromArray(S, t, o3)).intoArray(t, o3);
    }

    static void add3x3(int kc, float[] a, int a0, int rs, int ps, int rows, float[] bp, int bStart,
                       float[] t, int t0, int ldt) {
        int a1 = a0 + Math.min(1, rows - 1) * rs;
        int a2 = a0 + Math.min(2, rows - 1) * rs;
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
        int o0 = t0;
        c00.add(FloatVector.fromArray(S, t, o0)).intoArray(t, o0);
        c01.add(FloatVector.fromArray(S, t, o0 + L)).intoArray(t, o0 + L);
        c02.add(FloatVector.fromArray(S, t, o0 + 2 * L)).intoArray(t, o0 + 2 * L);
        int o1 = t0 + ldt;
        c10.add(FloatVector.fromArray(S, t, o1)).intoArray(t, o1);
        c11.add(FloatVector.fromArray(S, t, o1 + L)).intoArray(t, o1 + L);
        c12.add(FloatVector.fromArray(S, t, o1 + 2 * L)).intoArray(t, o1 + 2 * L);
        int o2 = t0 + 2 * ldt;
        c20.add(FloatVector.fromArray(S, t, o2)).intoArray(t, o2);
        c21.add(FloatVector.fromArray(S, t, o2 + L)).intoArray(t, o2 + L);
        c22.add(FloatVector.fromArray(S, t, o2 + 2 * L)).intoArray(t, o2 + 2 * L);
    }

    static void add3x2(int kc, float[] a, int a0, int rs, int ps, int rows, float[] bp, int bStart,
                       float[] t, int t0, int ldt) {
        int a1 = a0 + Math.min(1, rows - 1) * rs;
        int a2 = a0 + Math.min(2, rows - 1) * rs;
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
        int o0 = t0;
        c00.add(FloatVector.fromArray(S, t, o0)).intoArray(t, o0);
        c01.add(FloatVector.fromArray(S, t, o0 + L)).intoArray(t, o0 + L);
        int o1 = t0 + ldt;
        c10.add(FloatVector.fromArray(S, t, o1)).intoArray(t, o1);
        c11.add(FloatVector.fromArray(S, t, o1 + L)).intoArray(t, o1 + L);
        int o2 = t0 + 2 * ldt;
        c20.add(FloatVector.fromArray(S, t, o2)).intoArray(t, o2);
        c21.add(FloatVector.fromArray(S, t, o2 + L)).intoArray(t, o2 + L);
    }

    static void add3x1(int kc, float[] a, int a0, int rs, int ps, int rows, float[] bp, int bStart,
                       float[] t, int t0, int ldt) {
        int a1 = a0 + Math.min(1, rows - 1) * rs;
        int a2 = a0 + Math.min(2, rows - 1) * rs;
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
        int o0 = t0;
        c00.add(FloatVector.fromArray(S, t, o0)).intoArray(t, o0);
        int o1 = t0 + ldt;
        c10.add(FloatVector.fromArray(S, t, o1)).intoArray(t, o1);
        int o2 = t0 + 2 * ldt;
        c20.add(FloatVector.fromArray(S, t, o2)).intoArray(t, o2);
    }
}
