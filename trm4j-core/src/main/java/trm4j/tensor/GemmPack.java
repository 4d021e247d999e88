package trm4j.tensor;

/**
 * Packing of op(B) into the contiguous panels the register tiles stream through. For every depth block
 * [pc, pc+kc) (kc = {@link Gemm#depthBlock}), the block starts at pc·width and holds the column panels one after
 * another, each [kc, panel width]: {@link GemmKernel#NR} columns, the last panel rounded up to whole vectors.
 * Columns past n are zero-filled; their lanes never reach C.
 */
final class GemmPack {
    private GemmPack() {}

    /** Packs panels [q0, q1) of op(B) (k × n) for every depth block into {@code dst}. */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int n, int k, int kcStd, int width,
                      int q0, int q1, float[] dst) {
        for (int pc = 0; pc < k; pc += kcStd) {
            int kc = Math.min(kcStd, k - pc);
            for (int q = q0; q < q1; q++) packPanel(transB, b, bOff, ldb, n, width, pc, kc, q, dst, panelStart(pc, width, q, kc));
        }
    }

    /** Where panel q of the depth block starting at pc (kc deep) begins in a whole pack of packed width {@code width}. */
    static int panelStart(int pc, int width, int q, int kc) { return pc * width + q * kc * GemmKernel.NR; }

    /**
     * Packs column panel q of op(B) over depths [pc, pc+kc) into dst from d0 as [kc, w]: w = its columns rounded up
     * to whole vectors ({@code width}: the packed width of all panels), the columns past n zero.
     */
    static void packPanel(boolean transB, float[] b, int bOff, int ldb, int n, int width, int pc, int kc, int q,
                          float[] dst, int d0) {
        int nr = GemmKernel.NR, c0 = q * nr, cols = Math.min(nr, n - c0), w = Math.min(nr, width - c0);
        if (!transB) {                         // B stored [k, n]: one depth step = w adjacent values
            for (int p = 0; p < kc; p++) {
                int d = d0 + p * w;
                System.arraycopy(b, bOff + (pc + p) * ldb + c0, dst, d, cols);
                for (int j = cols; j < w; j++) dst[d + j] = 0f;
            }
        } else {                               // B stored [n, k]: op(B) = Bᵀ, whole 16 × 16 blocks transposed in
            int j0 = 0, p0 = kc / 16 * 16;     // registers where the vectors have 16 floats
            if (Transpose16.ON && p0 > 0)
                for (; j0 + 16 <= cols; j0 += 16)
                    for (int p = 0; p < p0; p += 16)
                        Transpose16.block(b, bOff + (c0 + j0) * ldb + pc + p, ldb, dst, d0 + p * w + j0, w);
            for (int j = 0; j < cols; j++) {   // the rest: each column of op(B) read contiguously
                int src = bOff + (c0 + j) * ldb + pc;
                for (int p = j < j0 ? p0 : 0; p < kc; p++) dst[d0 + p * w + j] = b[src + p];
            }
            for (int j = cols; j < w; j++)
                for (int p = 0; p < kc; p++) dst[d0 + p * w + j] = 0f;
        }
    }
}
