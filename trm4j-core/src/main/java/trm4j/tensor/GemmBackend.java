package trm4j.tensor;

/**
 * One implementation of single-precision GEMM on row-major arrays:
 * {@code C[m×n] = alpha·op(A)·op(B) + beta·C}, where op(A) is m×k and op(B) is k×n.
 * A is stored as [m, k] (lda ≥ k) or, when transA, as [k, m] (lda ≥ m); likewise B as [k, n] or [n, k].
 * beta = 0 overwrites C (NaN in C is ignored), as in BLAS.
 */
public interface GemmBackend {
    String name();

    void gemm(boolean transA, boolean transB, int m, int n, int k,
              float alpha, float[] a, int aOff, int lda,
              float[] b, int bOff, int ldb,
              float beta, float[] c, int cOff, int ldc);

    /**
     * op(B) prepared for many products ({@link PackedB}), into the panels of {@code reuse} when it has the right
     * size (null: new ones); the default keeps B where it lies.
     */
    default PackedB pack(boolean transB, float[] b, int bOff, int ldb, int n, int k, PackedB reuse) {
        return new PackedB(transB, n, k, b, bOff, ldb, null);
    }

    /** {@link #gemm} with a prepared op(B); the default multiplies with B where it lies. */
    default void gemm(boolean transA, int m, float alpha, float[] a, int aOff, int lda, PackedB b,
                      float beta, float[] c, int cOff, int ldc) {
        gemm(transA, b.transB(), m, b.n(), b.k(), alpha, a, aOff, lda, b.b(), b.bOff(), b.ldb(), beta, c, cOff, ldc);
    }

    /**
     * Whether {@link Gemm#gemmBatched} may run the items of a batch concurrently on the shared pool (each
     * item then single-threaded). False for backends with their own threading.
     */
    default boolean parallelOverBatch() { return true; }
}
