package trm4j.tensor;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;

/**
 * Test helper: one GEMM problem in strided storage (leading dimensions wider than the matrices, non-zero
 * offsets), its double-precision reference and the error bound.
 *
 * <p>Bound: |C − C_ref| ≤ (k + 4)·2⁻²⁴·(|α|·Σ_p |a_ip||b_pj| + |β|·|c_ij|) + 1e-30. A float dot product of
 * length k accumulated in any order (with or without FMA) has error at most γ_k·Σ|a||b| with
 * γ_k ≈ k·2⁻²⁴; the extra 4 units cover the α and β scalings and the final addition.
 */
final class GemmRef {
    final boolean transA, transB;
    final int m, n, k, lda, ldb, ldc, aOff, bOff, cOff;
    final float alpha, beta;
    final float[] a, b, c0;
    final double[] ref, bound;   // ref, bound: [m, n]

    GemmRef(long seed, boolean transA, boolean transB, int m, int n, int k, float alpha, float beta) {
        SplittableRandom rnd = new SplittableRandom(seed);
        this.transA = transA; this.transB = transB; this.m = m; this.n = n; this.k = k;
        this.alpha = alpha; this.beta = beta;
        lda = (transA ? m : k) + rnd.nextInt(3);
        ldb = (transB ? k : n) + rnd.nextInt(3);
        ldc = n + rnd.nextInt(3);
        aOff = rnd.nextInt(5); bOff = rnd.nextInt(5); cOff = rnd.nextInt(5);
        a = random(rnd, aOff + (transA ? k : m) * lda + 3);
        b = random(rnd, bOff + (transB ? n : k) * ldb + 3);
        c0 = random(rnd, cOff + m * ldc + 3);
        if (beta == 0f) for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) c0[cOff + i * ldc + j] = Float.NaN;
        ref = new double[m * n];
        bound = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double s = 0, abs = 0;
                for (int p = 0; p < k; p++) {
                    double x = (double) opA(i, p) * opB(p, j);
                    s += x;
                    abs += Math.abs(x);
                }
                double cOld = c0[cOff + i * ldc + j];
                double betaTerm = beta == 0f ? 0 : beta * cOld;
                ref[i * n + j] = alpha * s + betaTerm;
                bound[i * n + j] = (k + 4) * 0x1p-24 * (Math.abs(alpha) * abs + Math.abs(betaTerm)) + 1e-30;
            }
    }

    float opA(int i, int p) { return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]; }

    float opB(int p, int j) { return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j]; }

    /** Runs the backend on a fresh copy of C and returns that copy. */
    float[] run(GemmBackend be) {
        float[] c = c0.clone();
        be.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        return c;
    }

    /** Fails with the first element outside the bound; also checks that C outside the m×n window is untouched. */
    void check(float[] c, String what) {
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - cOff;
            boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
            if (!inside && Float.floatToRawIntBits(c[idx]) != Float.floatToRawIntBits(c0[idx]))
                fail(what + ": element " + idx + " outside C was written");
        }
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double got = c[cOff + i * ldc + j];
                double err = Math.abs(got - ref[i * n + j]);
                if (!(err <= bound[i * n + j]))
                    fail(what + ": C[" + i + "," + j + "] = " + got + ", reference " + ref[i * n + j]
                            + ", error " + err + " > bound " + bound[i * n + j]);
            }
    }

    String describe() {
        return m + "x" + k + "x" + n + " " + (transA ? "T" : "N") + (transB ? "T" : "N")
                + " alpha=" + alpha + " beta=" + beta + " lda=" + lda + " ldb=" + ldb + " ldc=" + ldc;
    }

    private static float[] random(SplittableRandom rnd, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }
}
