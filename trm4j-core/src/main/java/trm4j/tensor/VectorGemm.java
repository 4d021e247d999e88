package trm4j.tensor;

import java.util.concurrent.ForkJoinTask;

/**
 * GEMM with the Vector API: op(B) is packed once per call (or once for many calls, {@link #pack}) into panels of
 * {@link GemmKernel#NR} columns (the last panel only as wide as it needs) for every depth block of {@link Gemm#KC}, A
 * is read in place, and each task runs the register tiles of {@link GemmKernel} over its rows of C. Transposed-A
 * products with a large B (the weight gradients) instead pack one panel at a time ({@link #panelMajor}).
 *
 * <p>Determinism: the depth blocking depends on k only, and every C element is computed by exactly one task, its
 * depth blocks in ascending order. Threads split the OUTPUT (blocks of rows of C, and for short C also groups
 * of column panels), so any thread count gives bit-identical results, equal to {@link ScalarGemm}'s.
 *
 * <p>One fork per call for the tiles (plus one for packing a large B). Pack buffers are thread-local and reused:
 * no allocation per call in steady state.
 */
public final class VectorGemm implements GemmBackend {
    private static final int MR = GemmKernel.MR, MR_FULL = GemmKernel.MR_FULL;
    /**
     * Products whose full panels take the {@link GemmKernel#MR_FULL}-row tile: depth blocks of at least
     * TALL_MIN_DEPTH (alone in cache that tile runs at 190 / 194 / 184 GFLOP/s for depths 64 / 128 / 256 against
     * 191 / 179 / 147 for 4 rows: the 4-row tile reads more of B per multiply-add, which tells once a deep panel
     * leaves L1) and at least TALL_MIN_ROWS rows: inside the demo models' chunked passes (320–1,024 rows) it made the
     * training step slower (BENCHMARKS.md, third round).
     */
    private static final int TALL_MIN_DEPTH = 128, TALL_MIN_ROWS = 1100;
    /** Rows of C per task are a multiple of both tile heights. */
    private static final int ROWS_ALIGN = MR * MR_FULL / gcd(MR, MR_FULL);
    private static final int NR = GemmKernel.NR;
    private static final int L = GemmKernel.L;
    /** Rows of C per task: the task's A block (MC·KC floats ≤ 256 KiB) stays in L2 across the column panels. */
    private static final int MC_MAX = 64 * MR;
    /**
     * Transposed-A products take the panel-major order ({@link #panelMajor}) when the packed B would not stay in L2
     * (at least PANEL_MAJOR_B floats) and A's depth block does (at most PANEL_MAJOR_A floats).
     */
    private static final long PANEL_MAJOR_B = 1 << 18, PANEL_MAJOR_A = 3 << 16;
    /** Below this many multiply-adds, forking costs more than it saves. */
    private static final long SERIAL_MACS = 1L << 16;
    /** Packed B of at least this many floats is packed by all threads. */
    private static final int PARALLEL_PACK = 1 << 16;

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private static final class Buffers {
        float[] b = new float[0];                  // packed op(B): every depth block, every panel
        float[] panel = new float[0];              // one panel of one depth block (panel-major products)
        final float[] tile = new float[MR_FULL * NR];   // one register tile's sums (MR_FULL ≥ MR)

        float[] b(int size) { if (b.length < size) b = new float[size]; return b; }

        float[] panel(int size) { if (panel.length < size) panel = new float[size]; return panel; }
    }

    /** Runs one tiny product so that a missing Vector API module fails here, at selection time. */
    VectorGemm selfCheck() {
        float[] c = new float[1];
        gemm(false, false, 1, 1, 1, 1f, new float[] {2f}, 0, 1, new float[] {3f}, 0, 1, 0f, c, 0, 1);
        if (c[0] != 6f) throw new IllegalStateException("vector GEMM self-check gave " + c[0]);
        return this;
    }

    @Override
    public String name() { return "vector(" + L + "x" + MR + (MR_FULL != MR ? "/" + MR_FULL : "") + "x" + NR + ")"; }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0)
            throw new IllegalArgumentException("gemm: negative size m=" + m + " n=" + n + " k=" + k);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) { scale(m, n, beta, c, cOff, ldc); return; }

        int threads = threads(m, n, k);
        int kc = Gemm.depthBlock(k), panels = ceilDiv(n, NR), width = width(n);
        if (takesPanelMajor(transA, m, n, k)) {
            int tasks = Math.min(threads, panels);
            boolean tall = tall(m, kc);
            Parallel.forEach(tasks, t -> panelMajor(transB, b, bOff, ldb, a, aOff, lda, m, tall, n, k, kc, width,
                    panels * t / tasks, panels * (t + 1) / tasks, alpha, beta, c, cOff, ldc, BUFFERS.get()));
            return;
        }
        Buffers own = BUFFERS.get();
        float[] bp = own.b(k * width);
        if (threads > 1 && k * width >= PARALLEL_PACK)
            Parallel.forEach(threads, t -> GemmPack.packB(transB, b, bOff, ldb, n, k, kc, width,
                    panels * t / threads, panels * (t + 1) / threads, bp));
        else
            GemmPack.packB(transB, b, bOff, ldb, n, k, kc, width, 0, panels, bp);
        tiles(transA, m, n, k, alpha, a, aOff, lda, bp, beta, c, cOff, ldc, threads, own);
    }

    @Override
    public PackedB pack(boolean transB, float[] b, int bOff, int ldb, int n, int k, PackedB reuse) {
        int width = width(n);
        float[] bp = reuse != null && reuse.panels() != null && reuse.panels().length == k * width
                ? reuse.panels() : new float[k * width];
        GemmPack.packB(transB, b, bOff, ldb, n, k, Gemm.depthBlock(k), width, 0, ceilDiv(n, NR), bp);
        return new PackedB(transB, n, k, b, bOff, ldb, bp);
    }

    @Override
    public void gemm(boolean transA, int m, float alpha, float[] a, int aOff, int lda, PackedB b,
                     float beta, float[] c, int cOff, int ldc) {
        int n = b.n(), k = b.k();
        if (b.panels() == null) {   // packed by another backend
            gemm(transA, b.transB(), m, n, k, alpha, a, aOff, lda, b.b(), b.bOff(), b.ldb(), beta, c, cOff, ldc);
            return;
        }
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) { scale(m, n, beta, c, cOff, ldc); return; }
        tiles(transA, m, n, k, alpha, a, aOff, lda, b.panels(), beta, c, cOff, ldc, threads(m, n, k), BUFFERS.get());
    }

    /**
     * Panel-major order for a transposed-A product (the weight gradients: A stored [k, m], k the batch's rows):
     * panels [q0, q1) of C, every row, each panel of op(B) packed per depth block just before all rows use it, into a
     * buffer that stays in cache, instead of packing all of B first (k·n floats written to memory and read back per
     * block of rows). A's depth block (m·kc floats) is read once per panel from L2.
     */
    private static void panelMajor(boolean transB, float[] b, int bOff, int ldb, float[] a, int aOff, int lda, int m,
                                   boolean tall, int n, int k, int kcStd, int width, int q0, int q1, float alpha,
                                   float beta, float[] c, int cOff, int ldc, Buffers own) {
        float[] pb = own.panel(kcStd * NR);
        for (int pc = 0; pc < k; pc += kcStd) {
            int kc = Math.min(kcStd, k - pc);
            for (int q = q0; q < q1; q++) {
                GemmPack.packPanel(transB, b, bOff, ldb, n, width, pc, kc, q, pb, 0);
                panel(a, aOff, 1, lda, 0, m, tall, n, pc, kc, q, pb, 0, alpha, pc == 0 ? beta : 1f, c, cOff, ldc, own.tile);
            }
        }
    }

    /** Whether a product of these dimensions runs in {@link #panelMajor} order (see {@link #PANEL_MAJOR_B}). */
    static boolean takesPanelMajor(boolean transA, int m, int n, int k) {
        return transA && (long) k * width(n) >= PANEL_MAJOR_B && (long) m * Gemm.depthBlock(k) <= PANEL_MAJOR_A;
    }

    /** Whether the full panels of a product with m rows and depth block kc take the {@link #MR_FULL}-row tile. */
    private static boolean tall(int m, int kc) {
        return MR_FULL != MR && kc >= TALL_MIN_DEPTH && m >= TALL_MIN_ROWS;
    }

    /** Threads for one product: 1 inside the pool (the caller already splits) or when too small to fork. */
    private static int threads(int m, int n, int k) {
        return ForkJoinTask.inForkJoinPool() || (long) m * n * k < SERIAL_MACS ? 1 : Parallel.threads();
    }

    /** Packed columns per depth step: full panels, the last one rounded up to whole vectors. */
    private static int width(int n) {
        int panels = ceilDiv(n, NR);
        return (panels - 1) * NR + roundUp(n - (panels - 1) * NR, L);
    }

    /** The register tiles of C = alpha·op(A)·(packed B) + beta·C, over the rows of C (and its panels when short). */
    private static void tiles(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                              float[] bp, float beta, float[] c, int cOff, int ldc, int threads, Buffers own) {
        int kc = Gemm.depthBlock(k), panels = ceilDiv(n, NR), width = width(n);
        boolean tall = tall(m, kc);
        int mc = roundUp(ceilDiv(m, roundUp(ceilDiv(m, MC_MAX), threads)), ROWS_ALIGN);
        int mBlocks = ceilDiv(m, mc);
        int nSplits = mBlocks < threads ? Math.min(threads, panels) : 1;   // short C: also split the panels
        int tasks = mBlocks * nSplits;
        int rs = transA ? 1 : lda, ps = transA ? lda : 1;   // op(A)(i, p) at aOff + i·rs + p·ps
        if (tasks == 1) {
            block(a, aOff, rs, ps, 0, m, tall, n, k, kc, width, 0, panels, bp, alpha, beta, c, cOff, ldc, own.tile);
            return;
        }
        Parallel.forEach(tasks, t -> {
            int ib = t / nSplits, s = t % nSplits, i0 = ib * mc;
            block(a, aOff, rs, ps, i0, Math.min(mc, m - i0), tall, n, k, kc, width, panels * s / nSplits,
                    panels * (s + 1) / nSplits, bp, alpha, beta, c, cOff, ldc, BUFFERS.get().tile);
        });
    }

    /** Rows [i0, i0+rows) of C against panels [q0, q1) of the packed B, every depth block in ascending order. */
    private static void block(float[] a, int aOff, int rs, int ps, int i0, int rows, boolean tall, int n, int k, int kcStd,
                              int width, int q0, int q1, float[] bp, float alpha, float beta,
                              float[] c, int cOff, int ldc, float[] tile) {
        for (int pc = 0; pc < k; pc += kcStd) {
            int kc = Math.min(kcStd, k - pc);
            for (int q = q0; q < q1; q++)
                panel(a, aOff, rs, ps, i0, rows, tall, n, pc, kc, q, bp, GemmPack.panelStart(pc, width, q, kc), alpha,
                        pc == 0 ? beta : 1f, c, cOff, ldc, tile);
        }
    }

    /**
     * Rows [i0, i0+rows) of C against column panel q over depths [pc, pc+kc), its packed panel at bp[b0]; C ←
     * fma(sums, alpha, beta·C) (later depth blocks pass beta = 1: they accumulate into C).
     */
    private static void panel(float[] a, int aOff, int rs, int ps, int i0, int rows, boolean tall, int n, int pc,
                              int kc, int q, float[] bp, int b0, float alpha, float beta,
                              float[] c, int cOff, int ldc, float[] tile) {
        // fma(sum, 1, 0) = sum exactly (a sum that starts from +0 is never −0) and fma(sum, 1, 1·C) = sum + C:
        // then the tile writes C itself
        boolean direct = alpha == 1f && (beta == 0f || beta == 1f), add = beta == 1f;
        int j = q * NR, cols = Math.min(NR, n - j);
        int nv = ceilDiv(cols, L), tail = cols - (nv - 1) * L;
        boolean full = tall && nv == GemmKernel.NV;   // full panels of a tall product take the taller tile
        int step = full ? MR_FULL : MR;
        for (int i = 0; i < rows; i += step) {
            int mr = Math.min(step, rows - i), c0 = cOff + (i0 + i) * ldc + j;
            int a0 = aOff + (i0 + i) * rs + pc * ps;
            if (direct && mr == step && nv * L == cols && c0 + (step - 1) * ldc + cols <= c.length) {
                GemmKernel.tile(full, nv, kc, a, a0, rs, ps, mr, bp, b0, c, c0, ldc, add);
                continue;
            }
            GemmKernel.tile(full, nv, kc, a, a0, rs, ps, mr, bp, b0, tile, 0, NR, false);
            if (c0 + (mr - 1) * ldc + nv * L <= c.length) {
                GemmKernel.store(tile, mr, nv, tail, alpha, beta, c, c0, ldc);
            } else {   // the last vector would reach past the end of c
                for (int r = 0; r < mr; r++)
                    for (int jj = 0; jj < cols; jj++)
                        c[c0 + r * ldc + jj] = GemmKernel.update(tile[r * NR + jj], alpha, beta, c[c0 + r * ldc + jj]);
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

    static int ceilDiv(int a, int b) { return (a + b - 1) / b; }

    private static int gcd(int a, int b) { return b == 0 ? a : gcd(b, a % b); }

    private static int roundUp(int a, int b) { return ceilDiv(a, b) * b; }
}
