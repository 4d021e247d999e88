package trm4j.tensor;

/**
 * Single-precision matrix multiply for the whole engine: {@code C = alpha·op(A)·op(B) + beta·C} on row-major
 * arrays. The backend is chosen once: {@code -Dtrm.blas=openblas} asks for OpenBLAS through the FFM API
 * (used only when the library loads), {@code -Dtrm.vector=false} forces the scalar path; otherwise the
 * Vector API kernel runs.
 */
public final class Gemm {
    private static volatile GemmBackend backend = choose();

    private Gemm() {}

    /** The backend the system properties ask for (see the class comment); never fails. */
    static GemmBackend choose() {
        if ("openblas".equalsIgnoreCase(System.getProperty("trm.blas", "").trim())) {
            try {
                return OpenBlasGemm.load();
            } catch (RuntimeException | LinkageError e) {
                System.err.println("trm: -Dtrm.blas=openblas ignored: " + e.getMessage() + "; using the Java GEMM");
            }
        }
        if (!Boolean.parseBoolean(System.getProperty("trm.vector", "true").trim())) return new ScalarGemm();
        try {
            return new VectorGemm().selfCheck();
        } catch (LinkageError | RuntimeException e) {   // jdk.incubator.vector not resolved at run time
            return new ScalarGemm();
        }
    }

    public static GemmBackend backend() { return backend; }

    /** Longest depth block: every C element sums its products in blocks of at most KC, from zero each. */
    static final int KC = 256;

    /**
     * The depth block of a product of depth k: k split into ceil(k/KC) equal blocks. It depends on k only, so the
     * order of every sum is the same for any backend tile, vector width and thread count.
     */
    static int depthBlock(int k) {
        int blocks = (k + KC - 1) / KC;
        return (k + blocks - 1) / blocks;
    }

    /** Replaces the backend (tests and benchmarks compare backends in one JVM). */
    public static void setBackend(GemmBackend b) { backend = b; }

    /**
     * op(B) prepared once for many products with the current backend (see {@link PackedB}), reusing the panels of
     * an earlier pack of the same shape ({@code reuse}, or null).
     */
    public static PackedB pack(boolean transB, float[] b, int bOff, int ldb, int n, int k, PackedB reuse) {
        return backend.pack(transB, b, bOff, ldb, n, k, reuse);
    }

    /** C = alpha·op(A)·op(B) + beta·C with a prepared op(B) (see {@link #pack}). */
    public static void gemm(boolean transA, int m, float alpha, float[] a, int aOff, int lda, PackedB b,
                            float beta, float[] c, int cOff, int ldc) {
        backend.gemm(transA, m, alpha, a, aOff, lda, b, beta, c, cOff, ldc);
    }

    /** See {@link GemmBackend#gemm}. */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float alpha, float[] a, int aOff, int lda,
                            float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        backend.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /**
     * {@code batch} independent products; matrix i of A starts at aOff + i·strideA (likewise B and C).
     * Used for attention (per head) and the token mixer.
     */
    public static void gemmBatched(int batch, boolean transA, boolean transB, int m, int n, int k,
                                   float alpha, float[] a, int aOff, int lda, int strideA,
                                   float[] b, int bOff, int ldb, int strideB,
                                   float beta, float[] c, int cOff, int ldc, int strideC) {
        GemmBackend be = backend;
        // Many small products (attention heads): one item per task, each item single-threaded (nested calls
        // from the pool run serially), so each item's sums never depend on the thread count.
        if (be.parallelOverBatch() && batch >= Parallel.threads() && batch > 1) {
            Parallel.forEach(batch, i -> be.gemm(transA, transB, m, n, k, alpha, a, aOff + i * strideA, lda,
                    b, bOff + i * strideB, ldb, beta, c, cOff + i * strideC, ldc));
            return;
        }
        for (int i = 0; i < batch; i++)
            be.gemm(transA, transB, m, n, k, alpha, a, aOff + i * strideA, lda, b, bOff + i * strideB, ldb,
                    beta, c, cOff + i * strideC, ldc);
    }
}
