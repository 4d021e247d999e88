package trm4j.tensor;

/**
 * The plain-Java GEMM: the fallback when the Vector API is disabled or unavailable, and the reference
 * the other backends are tested against. Rows of C are split over threads; every element of C sums its
 * k products in ascending order, so the result does not depend on the thread count.
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
        int tasks = (m + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        Parallel.forEach(tasks, t -> {
            float[] acc = new float[n];
            int i1 = Math.min(m, (t + 1) * ROWS_PER_TASK);
            for (int i = t * ROWS_PER_TASK; i < i1; i++) {
                java.util.Arrays.fill(acc, 0f);
                if (!transB) {
                    for (int p = 0; p < k; p++) {
                        float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                        int bRow = bOff + p * ldb;
                        for (int j = 0; j < n; j++) acc[j] += av * b[bRow + j];
                    }
                } else {
                    for (int j = 0; j < n; j++) {
                        int bRow = bOff + j * ldb;
                        float s = 0f;
                        for (int p = 0; p < k; p++) {
                            float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                            s += av * b[bRow + p];
                        }
                        acc[j] = s;
                    }
                }
                int cRow = cOff + i * ldc;
                for (int j = 0; j < n; j++)
                    c[cRow + j] = beta == 0f ? alpha * acc[j] : alpha * acc[j] + beta * c[cRow + j];
            }
        });
    }
}
