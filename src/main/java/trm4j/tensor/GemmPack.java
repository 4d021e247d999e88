package trm4j.tensor;

/**
 * Packing of op(A) and op(B) blocks into the contiguous micro-panels the micro-kernel streams through
 * (BLIS layout). Rows/columns past the matrix edge are zero-filled, so the kernel always computes a full
 * tile; the padded lanes never reach C, and every stored C element only ever sums real products.
 */
final class GemmPack {
    private GemmPack() {}

    /**
     * Packs rows [i0, i0+mc) × depth [p0, p0+kc) of op(A) into {@code dst} as ceil(mc/mr) micro-panels,
     * each [kc, mr] (depth-major: the mr values of one depth step are adjacent).
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mc, int p0, int kc,
                      int mr, float[] dst) {
        int panels = (mc + mr - 1) / mr;
        for (int q = 0; q < panels; q++) {
            int base = q * kc * mr;           // dst panel: [kc, mr]
            int r0 = i0 + q * mr;
            int rows = Math.min(mr, i0 + mc - r0);
            if (transA) {                      // A stored [k, m]: one depth step = mr adjacent values
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (p0 + p) * lda + r0;
                    int d = base + p * mr;
                    for (int r = 0; r < rows; r++) dst[d + r] = a[src + r];
                    for (int r = rows; r < mr; r++) dst[d + r] = 0f;
                }
            } else {                           // A stored [m, k]: read each row contiguously
                for (int r = 0; r < rows; r++) {
                    int src = aOff + (r0 + r) * lda + p0;
                    for (int p = 0; p < kc; p++) dst[base + p * mr + r] = a[src + p];
                }
                for (int r = rows; r < mr; r++)
                    for (int p = 0; p < kc; p++) dst[base + p * mr + r] = 0f;
            }
        }
    }

    /**
     * Packs micro-panels [q0, q1) of columns [j0, j0+nc) × depth [p0, p0+kc) of op(B) into {@code dst};
     * panel q covers columns j0+q·nr … and is laid out [kc, nr] at offset q·kc·nr.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int j0, int nc, int p0, int kc,
                      int nr, int q0, int q1, float[] dst) {
        for (int q = q0; q < q1; q++) {
            int base = q * kc * nr;            // dst panel: [kc, nr]
            int c0 = j0 + q * nr;
            int cols = Math.min(nr, j0 + nc - c0);
            if (!transB) {                     // B stored [k, n]: one depth step = nr adjacent values
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (p0 + p) * ldb + c0;
                    int d = base + p * nr;
                    System.arraycopy(b, src, dst, d, cols);
                    for (int c = cols; c < nr; c++) dst[d + c] = 0f;
                }
            } else {                           // B stored [n, k]: read each column of op(B) contiguously
                for (int c = 0; c < cols; c++) {
                    int src = bOff + (c0 + c) * ldb + p0;
                    for (int p = 0; p < kc; p++) dst[base + p * nr + c] = b[src + p];
                }
                for (int c = cols; c < nr; c++)
                    for (int p = 0; p < kc; p++) dst[base + p * nr + c] = 0f;
            }
        }
    }
}
