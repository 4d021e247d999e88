package trm4j.tensor;

/**
 * The plain-Java GEMM: the fallback when the Vector API is disabled or unavailable, and the twin of
 * {@link VectorGemm}: the same depth blocks ({@link Gemm#depthBlock}), each summed from zero with fused
 * multiply-adds in ascending order and added to C as {@link GemmKernel#update} does, so both give the same bits.
 * Rows of C are split over threads, so the result does not depend on the thread count either.
 */
public final class ScalarGemm implements GemmBackend {
    private static final int ROWS_PER_TASK = 16;

    @Override
    public String name() { return "scalar"; }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) { VectorGemm.scale(m, n, beta, c, cOff, ldc); return; }
        int kcStd = Gemm.depthBlock(k);
        int tasks = (m + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        Parallel.forEach(tasks, t -> {
            float[] acc = new float[n];
            int i1 = Math.min(m, (t + 1) * ROWS_PER_TASK);
            for (int i = t * ROWS_PER_TASK; i < i1; i++) {
                int cRow = cOff + i * ldc;
                for (int pc = 0; pc < k; pc += kcStd) {
                    int p1 = Math.min(k, pc + kcStd);
                    java.util.Arrays.fill(acc, 0f);
                    for (int p = pc; p < p1; p++) {
                        float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                        for (int j = 0; j < n; j++)
                            acc[j] = Math.fma(av, transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j], acc[j]);
                    }
                    float betaEff = pc == 0 ? beta : 1f;
                    for (int j = 0; j < n; j++) c[cRow + j] = GemmKernel.update(acc[j], alpha, betaEff, c[cRow + j]);
                }
            }
        });
    }
}
