package trm4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked micro-kernel of {@link VectorGemm}: an MR × NR tile of C (MR = 4 rows, NR = two
 * vectors) held in 8 accumulators, updated by one rank-1 product per depth step from packed panels.
 * On AVX2 (8 floats, 16 ymm registers) that is 8 accumulators + 2 B vectors + 4 broadcasts = 14 registers.
 * Larger tiles (6×16, 4×24) look better on paper but C2 hoists all broadcasts of a step, runs out of the
 * 16 registers and spills accumulators (6×16 even re-boxed vectors inside the loop): measured 2-5× slower.
 * Each C element sums its products in ascending depth order with fused multiply-adds, so the result does
 * not depend on where the tile sits or which thread computes it.
 */
final class GemmKernel {
    /** {@code -Dtrm.vector.bits=128|256|512} forces a species (to check the tile logic on other widths). */
    static final VectorSpecies<Float> S = species();
    static final int L = S.length();
    static final int MR = 4;
    static final int NR = 2 * L;

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
     * floats for edge tiles (mr &lt; MR or nr &lt; NR).
     */
    static void tile(int kc, float[] ap, int a0, float[] bp, int b0, float alpha, float beta,
                     float[] c, int cIdx, int ldc, int mr, int nr, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = a0 + p * MR;
            int bi = b0 + p * NR;
            FloatVector b0v = FloatVector.fromArray(S, bp, bi);
            FloatVector b1v = FloatVector.fromArray(S, bp, bi + L);
            FloatVector av = FloatVector.broadcast(S, ap[ai]);
            c00 = av.fma(b0v, c00);
            c01 = av.fma(b1v, c01);
            av = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = av.fma(b0v, c10);
            c11 = av.fma(b1v, c11);
            av = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = av.fma(b0v, c20);
            c21 = av.fma(b1v, c21);
            av = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = av.fma(b0v, c30);
            c31 = av.fma(b1v, c31);
        }
        if (mr == MR && nr == NR) {
            row(c00, c01, alpha, beta, c, cIdx);
            row(c10, c11, alpha, beta, c, cIdx + ldc);
            row(c20, c21, alpha, beta, c, cIdx + 2 * ldc);
            row(c30, c31, alpha, beta, c, cIdx + 3 * ldc);
            return;
        }
        // Edge tile: spill the accumulators, then update only the valid part with the same arithmetic.
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        for (int r = 0; r < mr; r++) {
            int ci = cIdx + r * ldc;
            for (int j = 0; j < nr; j++) c[ci + j] = update(tile[r * NR + j], alpha, beta, c[ci + j]);
        }
    }

    private static void row(FloatVector s0, FloatVector s1, float alpha, float beta, float[] c, int ci) {
        if (beta == 0f) {
            s0.mul(alpha).intoArray(c, ci);
            s1.mul(alpha).intoArray(c, ci + L);
        } else {
            FloatVector av = FloatVector.broadcast(S, alpha);
            s0.fma(av, FloatVector.fromArray(S, c, ci).mul(beta)).intoArray(c, ci);
            s1.fma(av, FloatVector.fromArray(S, c, ci + L).mul(beta)).intoArray(c, ci + L);
        }
    }

    /** The scalar twin of {@link #row}: bit-identical per element (fused multiply-add, same operands). */
    static float update(float sum, float alpha, float beta, float cOld) {
        return beta == 0f ? alpha * sum : Math.fma(sum, alpha, beta * cOld);
    }
}
