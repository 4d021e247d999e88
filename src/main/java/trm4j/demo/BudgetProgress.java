package trm4j.demo;

import trm4j.train.Progress;

import java.util.Map;

/**
 * Shows a time-budgeted run's progress against the steps expected to fit the budget (re-estimated after every
 * chunk) instead of the trainer's nominal total, which the demo never reaches.
 */
final class BudgetProgress implements Progress {
    private final Progress delegate;
    private final long start = System.nanoTime();
    private volatile long expectedSteps;
    private long[] stepNanos = new long[1024];   // [step]: nanoseconds since the start when the step ended

    BudgetProgress(Progress delegate, long expectedSteps) {
        this.delegate = delegate;
        this.expectedSteps = expectedSteps;
    }

    void expect(long steps) { expectedSteps = steps; }

    /** Seconds from the start of training to the end of optimizer step {@code step} (NaN if not reported). */
    synchronized double secondsAt(long step) {
        return step >= 0 && step < stepNanos.length && stepNanos[(int) step] > 0 ? stepNanos[(int) step] / 1e9 : Double.NaN;
    }

    @Override
    public void update(long step, long total, Map<String, Double> stats) {
        synchronized (this) {
            if (step >= 0 && step < Integer.MAX_VALUE - 8) {
                if (step >= stepNanos.length) stepNanos = java.util.Arrays.copyOf(stepNanos, (int) Math.max(step + 1, 2L * stepNanos.length));
                stepNanos[(int) step] = Math.max(1, System.nanoTime() - start);
            }
        }
        delegate.update(step, Math.max(step, Math.min(total, expectedSteps)), stats);
    }

    @Override
    public void message(String line) { delegate.message(line); }

    @Override
    public void close() { delegate.close(); }
}
