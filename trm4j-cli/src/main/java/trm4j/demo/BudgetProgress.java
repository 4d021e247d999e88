package trm4j.demo;

import trm4j.train.Progress;

import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Shows a budgeted run's progress against the steps expected to fit the budget instead of the trainer's nominal
 * total, which the demo never reaches. With a step budget that is the budget. With a time budget it is estimated
 * from the step rate so far (from the first second on; nothing is drawn before), or given by the runner after
 * each chunk ({@link #expect}); the bar stays short of 100 % while the run goes on (it stops at the first chunk
 * boundary past the time, so it may run past any estimate), and {@link #close} draws the one final 100 % line.
 */
final class BudgetProgress implements Progress {
    private static final long MIN_RATE_NANOS = 1_000_000_000L;

    private final Progress delegate;
    private final boolean stepBudget;
    private final double budgetSeconds;
    private final LongSupplier clock;
    private final long startNanos;
    private volatile long expectedSteps;
    private long firstNanos = -1, firstStep, lastStep = -1, lastShownTotal = -1;
    private Map<String, Double> lastStats = Map.of();
    private long[] stepNanos = new long[1024];   // [step]: nanoseconds from the start to the end of that step

    /** {@code maxSteps > 0}: a step budget; otherwise a time budget of {@code budgetSeconds} from now. */
    BudgetProgress(Progress delegate, long maxSteps, double budgetSeconds) {
        this(delegate, maxSteps, budgetSeconds, System::nanoTime);
    }

    BudgetProgress(Progress delegate, long maxSteps, double budgetSeconds, LongSupplier nanoClock) {
        this.delegate = delegate;
        this.stepBudget = maxSteps > 0;
        this.expectedSteps = stepBudget ? maxSteps : -1;
        this.budgetSeconds = budgetSeconds;
        this.clock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    /** The runner's estimate of the steps that fit a time budget (after a chunk). */
    void expect(long steps) { if (!stepBudget) expectedSteps = steps; }

    /** Seconds from the start of training to the end of optimizer step {@code step} (NaN if not reported). */
    synchronized double secondsAt(long step) {
        return step >= 0 && step < stepNanos.length && stepNanos[(int) step] > 0 ? stepNanos[(int) step] / 1e9 : Double.NaN;
    }

    @Override
    public synchronized void update(long step, long total, Map<String, Double> stats) {
        if (step >= 0 && step < Integer.MAX_VALUE - 8) {
            if (step >= stepNanos.length) stepNanos = java.util.Arrays.copyOf(stepNanos, (int) Math.max(step + 1, 2L * stepNanos.length));
            stepNanos[(int) step] = Math.max(1, clock.getAsLong() - startNanos);
        }
        lastStep = step;
        lastStats = stats;
        long expected = expectedSteps;
        if (expected < 0) {   // first chunk of a time budget: the rate so far
            long now = clock.getAsLong();
            if (firstNanos < 0) { firstNanos = now; firstStep = step; }
            if (now - firstNanos < MIN_RATE_NANOS || step == firstStep) return;
            double rate = (step - firstStep) * 1e9 / (now - firstNanos);
            expected = step + Math.round(Math.max(0, budgetSeconds - (now - startNanos) / 1e9) * rate);
        }
        long shown = Math.min(total, stepBudget ? Math.max(step, expected) : Math.max(step + 1, expected));
        lastShownTotal = shown;
        delegate.update(step, shown, stats);
    }

    @Override
    public void message(String line) { delegate.message(line); }

    @Override
    public synchronized void close() {
        if (lastStep > 0 && lastShownTotal != lastStep) {
            lastShownTotal = lastStep;
            delegate.update(lastStep, lastStep, lastStats);
        }
        delegate.close();
    }
}
