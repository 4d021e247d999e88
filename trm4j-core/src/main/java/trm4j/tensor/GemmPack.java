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
        int nr = GemmKernel.NR;
        for (int pc = 0; pc < k; pc += kcStd) {
            int kc = Math.min(kcStd, k - pc);
            for (int q = q0; q < q1; q++) {
                int c0 = q * nr, cols = Math.min(nr, n - c0), w = Math.min(nr, width - c0);
                int base = pc * width + q * kc * nr;   // dst panel: [kc, w]
                if (!transB) {                         // B stored [k, n]: one depth step = w adjacent values
                    for (int p = 0; p < kc; p++) {
                        int d = base + p * w;
                        System.arraycopy(b, bOff + (pc + p) * ldb + c0, dst, d, cols);
                        for (int j = cols; j < w; j++) dst[d + j] = 0f;
                    }
                } else {                               // B stored [n, k]: read each column of op(B) contiguously
                    for (int j = 0; j < cols; j++) {
                        int src = bOff + (c0 + j) * ldb + pc;
                        for (int p = 0; p < kc; p++) dst[base + p * w + j] = b[src + p];
                    }
                    for (int j = cols; j < w; j++)
                        for (int p = 0; p < kc; p++) dst[base + p * w + j] = 0f;
                }
            }
        }
    }
}
