package trm4j.tensor;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * The one thread pool of trm4j. Work is split over independent output ranges only (never over a reduction),
 * so results are bit-identical for any thread count. Size: {@code -Dtrm.threads=N}, default = processors.
 */
public final class Parallel {
    private static volatile int threads = Integer.getInteger("trm.threads", Runtime.getRuntime().availableProcessors());
    private static volatile ForkJoinPool pool = newPool(threads);

    private Parallel() {}

    private static ForkJoinPool newPool(int n) {
        return n <= 1 ? null : new ForkJoinPool(n);
    }

    public static int threads() { return threads; }

    /** Changes the pool size (benchmarks and tests compare 1 and 2 threads in one JVM). */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
        if (n == threads) return;
        ForkJoinPool old = pool;
        pool = newPool(n);
        threads = n;
        if (old != null) old.shutdown();
    }

    /** Runs body(i) for i in [0, n); tasks may run concurrently, each index exactly once. */
    public static void forEach(int n, IntConsumer body) {
        ForkJoinPool p = pool;
        if (n <= 0) return;
        if (p == null || n == 1 || ForkJoinTask.inForkJoinPool()) {
            for (int i = 0; i < n; i++) body.accept(i);
            return;
        }
        p.invoke(new Split(body, 0, n));
    }

    /** Work on the contiguous index range [lo, hi). */
    @FunctionalInterface
    public interface Range { void run(int lo, int hi); }

    /**
     * Splits [0, n) into one contiguous slice per thread and runs the slices concurrently: one fork for a whole
     * sequence of operations on independent items (each item's result must not depend on the slicing), instead
     * of one fork per operation. Nested calls from inside the pool run as one slice.
     */
    public static void forSlices(int n, Range body) {
        int t = Math.min(threads, n);
        if (pool == null || t <= 1 || ForkJoinTask.inForkJoinPool()) { body.run(0, n); return; }
        forEach(t, i -> body.run((int) ((long) n * i / t), (int) ((long) n * (i + 1) / t)));
    }

    private static final class Split extends RecursiveAction {
        private final IntConsumer body;
        private final int lo, hi;

        Split(IntConsumer body, int lo, int hi) { this.body = body; this.lo = lo; this.hi = hi; }

        @Override
        protected void compute() {
            if (hi - lo == 1) { body.accept(lo); return; }
            int mid = (lo + hi) >>> 1;
            invokeAll(new Split(body, lo, mid), new Split(body, mid, hi));
        }
    }
}
