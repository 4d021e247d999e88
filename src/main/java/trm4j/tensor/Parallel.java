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
        p.invoke(new Range(body, 0, n));
    }

    private static final class Range extends RecursiveAction {
        private final IntConsumer body;
        private final int lo, hi;

        Range(IntConsumer body, int lo, int hi) { this.body = body; this.lo = lo; this.hi = hi; }

        @Override
        protected void compute() {
            if (hi - lo == 1) { body.accept(lo); return; }
            int mid = (lo + hi) >>> 1;
            invokeAll(new Range(body, lo, mid), new Range(body, mid, hi));
        }
    }
}
