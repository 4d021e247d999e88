package trm4j.tensor;

import java.util.concurrent.ForkJoinTask;

/**
 * GEMM with the Vector API: BLIS-style blocking (NC columns of B × KC depth packed once per block, MC rows
 * of A packed per task, then an MR × NR register tile, see {@link GemmKernel}).
 *
 * <p>Determinism: the depth blocking (KC) depends on k only, and every C element is updated by exactly one
 * task per depth block, in ascending block order. Threads split the OUTPUT (blocks of rows of C, and for
 * short C also groups of column panels), so any thread count gives bit-identical results.
 *
 * <p>Pack buffers are thread-local and reused: no allocation per call in steady state.
 */
public final class VectorGemm implements GemmBackend {
    private static final int MR = GemmKernel.MR;
    private static final int NR = GemmKernel.NR;
    /** Depth of one block: a B micro-panel (KC·NR floats = 24 KiB on AVX2) stays in L1. */
    static final int KC_MAX = 256;
    /** Rows of A per packed block (MC·KC floats = 144 KiB) stay in L2. */
    private static final int MC_MAX = 48 * MR;
    /** Columns of B per packed block (KC·NC floats = 4 MiB) stay in L3. */
    private static final int NC_MAX = (4096 / NR) * NR;
    /** Below this many multiply-adds, forking costs more than it saves. */
    private static final long SERIAL_MACS = 1L << 16;

    private final int kcMax, mcMax, ncMax;

    public VectorGemm() { this(KC_MAX, MC_MAX, NC_MAX); }

    /** Other block sizes (tuning experiments); kcMax fixes the summation order, so keep it per machine. */
    VectorGemm(int kcMax, int mcMax, int ncMax) {
        this.kcMax = kcMax;
        this.mcMax = Math.max(MR, mcMax / MR * MR);
        this.ncMax = Math.max(NR, ncMax / NR * NR);
    }

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private static final class Buffers {
        float[] a = new float[0];   // packed A block: ceil(mc/MR) panels of [kc, MR]
        float[] b = new float[0];   // packed B block: ceil(nc/NR) panels of [kc, NR]
        final float[] tile = new float[MR * NR];

        float[] a(int size) { if (a.length < size) a = new float[size]; return a; }
        float[] b(int size) { if (b.length < size) b = new float[size]; return b; }
    }

    /** Runs one tiny product so that a missing Vector API module fails here, at selection time. */
    VectorGemm selfCheck() {
        float[] c = new float[1];
        gemm(false, false, 1, 1, 1, 1f, new float[] {2f}, 0, 1, new float[] {3f}, 0, 1, 0f, c, 0, 1);
        if (c[0] != 6f) throw new IllegalStateException("vector GEMM self-check gave " + c[0]);
        return this;
    }

    @Override
    public String name() { return "vector(" + GemmKernel.L + "x" + MR + "x" + NR + ")"; }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0)
            throw new IllegalArgumentException("gemm: negative size m=" + m + " n=" + n + " k=" + k);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) { scale(m, n, beta, c, cOff, ldc); return; }

        int threads = ForkJoinTask.inForkJoinPool() || (long) m * n * k < SERIAL_MACS ? 1 : Parallel.threads();
        int kBlocks = ceilDiv(k, kcMax);
        int kcStd = ceilDiv(k, kBlocks);                 // depends on k only: keeps sums thread-independent
        int ncStd = Math.min(ncMax, roundUp(n, NR));
        int mc = roundUp(ceilDiv(m, roundUp(ceilDiv(m, mcMax), threads)), MR);
        int mBlocks = ceilDiv(m, mc);
        int nSplits = mBlocks < threads ? threads : 1;   // short C: also split the column panels
        int tasks = mBlocks * nSplits;

        Buffers own = BUFFERS.get();
        float[] bPack = own.b(kcStd * ncStd);
        for (int jc = 0; jc < n; jc += ncStd) {
            int nc = Math.min(ncStd, n - jc);
            int panels = ceilDiv(nc, NR);
            for (int pc = 0; pc < k; pc += kcStd) {
                int kc = Math.min(kcStd, k - pc);
                float betaEff = pc == 0 ? beta : 1f;     // later depth blocks accumulate into C
                final int fjc = jc, fpc = pc;
                if (threads == 1) {
                    GemmPack.packB(transB, b, bOff, ldb, jc, nc, pc, kc, NR, 0, panels, bPack);
                } else {
                    Parallel.forEach(threads, t -> GemmPack.packB(transB, b, bOff, ldb, fjc, nc, fpc, kc, NR,
                            panels * t / threads, panels * (t + 1) / threads, bPack));
                }
                if (tasks == 1) {
                    block(transA, a, aOff, lda, 0, m, fpc, kc, fjc, nc, 0, panels, bPack,
                            alpha, betaEff, c, cOff, ldc, own);
                } else {
                    Parallel.forEach(tasks, t -> {
                        int ib = t / nSplits, s = t % nSplits;
                        int i0 = ib * mc;
                        block(transA, a, aOff, lda, i0, Math.min(mc, m - i0), fpc, kc, fjc, nc,
                                panels * s / nSplits, panels * (s + 1) / nSplits, bPack,
                                alpha, betaEff, c, cOff, ldc, BUFFERS.get());
                    });
                }
            }
        }
    }

    /** Rows [i0, i0+mcur) of C against B panels [q0, q1) of the packed block, depth [pc, pc+kc). */
    private static void block(boolean transA, float[] a, int aOff, int lda, int i0, int mcur, int pc, int kc,
                              int jc, int nc, int q0, int q1, float[] bPack,
                              float alpha, float beta, float[] c, int cOff, int ldc, Buffers buf) {
        if (q0 >= q1) return;
        float[] aPack = buf.a(roundUp(mcur, MR) * kc);
        GemmPack.packA(transA, a, aOff, lda, i0, mcur, pc, kc, MR, aPack);
        float[] tile = buf.tile;
        int aPanels = ceilDiv(mcur, MR);
        for (int q = q0; q < q1; q++) {
            int j = q * NR;
            int nr = Math.min(NR, nc - j);
            int b0 = q * kc * NR;
            for (int ip = 0; ip < aPanels; ip++) {
                int i = ip * MR;
                int mr = Math.min(MR, mcur - i);
                GemmKernel.tile(kc, aPack, ip * kc * MR, bPack, b0, alpha, beta,
                        c, cOff + (i0 + i) * ldc + jc + j, ldc, mr, nr, tile);
            }
        }
    }

    /** C ← beta·C (beta = 0 clears C, ignoring NaN), for k = 0 or alpha = 0. */
    static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0f) java.util.Arrays.fill(c, row, row + n, 0f);
            else for (int j = 0; j < n; j++) c[row + j] *= beta;
        }
    }

    private static int ceilDiv(int a, int b) { return (a + b - 1) / b; }

    private static int roundUp(int a, int b) { return ceilDiv(a, b) * b; }
}
