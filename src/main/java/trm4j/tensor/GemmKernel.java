package trm4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked micro-kernel of {@link VectorGemm}: an MR × NR tile of C (MR = 3 rows, NR = three
 * vectors) held in 9 accumulators, updated by one rank-1 product per depth step from packed panels.
 * On AVX2 (8 floats, 16 ymm registers): 9 accumulators + 3 B vectors + 3 broadcasts = 15 registers, and
 * 9 independent FMA chains cover 2 FMA pipes × 4 cycles latency with slack (8 chains of a 4×16 tile did
 * not: 0.5× OpenBLAS against 0.65× for 3×24 in the same run). Tiles with 12 accumulators (6×16, 4×24)
 * look better on paper, but C2 hoists all broadcasts of a step, runs out of registers and spills
 * accumulators (6×16 even re-boxed vectors inside the loop): measured 2-5× slower.
 * Each C element sums its products in ascending depth order with fused multiply-adds, so the result does
 * not depend on where the tile sits or which thread computes it.
 */
final class GemmKernel {
    /** {@code -Dtrm.vector.bits=128|256|512} forces a species (to check the tile logic on other widths). */
    static final VectorSpecies<Float> S = species();
    static final int L = S.length();
    static final int MR = 3;
    static final int NR = 3 * L;

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
     * C[mr × nr] tile at cIdx ← alpha·(Ap·Bp) + beta·C, or alpha·(Ap·Bp) when beta == 0 (C not read).
     * ap: packed A panel [kc, MR] from a0; bp: packed B panel [kc, NR] from b0; tile: scratch of MR·NR
     * floats; only the valid mr × nr part of the tile reaches C.
     */
    static void tile(int kc, float[] ap, int a0, float[] bp, int b0, float alpha, float beta,
                     float[] c, int cIdx, int ldc, int mr, int nr, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = a0 + p * MR;
            int bi = b0 + p * NR;
            FloatVector b0v = FloatVector.fromArray(S, bp, bi);
            FloatVector b1v = FloatVector.fromArray(S, bp, bi + L);
            FloatVector b2v = FloatVector.fromArray(S, bp, bi + 2 * L);
            FloatVector av = FloatVector.broadcast(S, ap[ai]);
            c00 = av.fma(b0v, c00);
            c01 = av.fma(b1v, c01);
            c02 = av.fma(b2v, c02);
            av = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = av.fma(b0v, c10);
            c11 = av.fma(b1v, c11);
            c12 = av.fma(b2v, c12);
            av = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = av.fma(b0v, c20);
            c21 = av.fma(b1v, c21);
            c22 = av.fma(b2v, c22);
        }
        // One straight exit path: C2 keeps the accumulators in registers only when no branch after the
        // loop needs them (with branches it re-boxed vectors inside the loop: 5x slower).
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c02.intoArray(tile, 2 * L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c12.intoArray(tile, NR + 2 * L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c22.intoArray(tile, 2 * NR + 2 * L);
        store(tile, alpha, beta, c, cIdx, ldc, mr, nr);
    }

    /** C[mr × nr] at cIdx ← alpha·tile + beta·C (C not read when beta = 0); tile: [MR, NR]. */
    private static void store(float[] tile, float alpha, float beta, float[] c, int cIdx, int ldc, int mr, int nr) {
        if (nr == NR) {
            for (int r = 0; r < mr; r++) {
                row(FloatVector.fromArray(S, tile, r * NR), alpha, beta, c, cIdx + r * ldc);
                row(FloatVector.fromArray(S, tile, r * NR + L), alpha, beta, c, cIdx + r * ldc + L);
                row(FloatVector.fromArray(S, tile, r * NR + 2 * L), alpha, beta, c, cIdx + r * ldc + 2 * L);
            }
            return;
        }
        for (int r = 0; r < mr; r++) {
            int ci = cIdx + r * ldc;
            for (int j = 0; j < nr; j++) c[ci + j] = update(tile[r * NR + j], alpha, beta, c[ci + j]);
        }
    }

    private static void row(FloatVector s, float alpha, float beta, float[] c, int ci) {
        if (beta == 0f) s.mul(alpha).intoArray(c, ci);
        else s.fma(FloatVector.broadcast(S, alpha), FloatVector.fromArray(S, c, ci).mul(beta)).intoArray(c, ci);
    }

    /** The scalar twin of {@link #row}: bit-identical per element (fused multiply-add, same operands). */
    static float update(float sum, float alpha, float beta, float cOld) {
        return beta == 0f ? alpha * sum : Math.fma(sum, alpha, beta * cOld);
    }
}
