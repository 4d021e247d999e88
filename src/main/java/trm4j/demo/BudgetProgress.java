package trm4j.demo;

import trm4j.train.Progress;

import java.util.Map;

/**
 * Shows a time-budgeted run's progress against the steps expected to fit the budget (re-estimated after every
 * chunk) instead of the trainer's nominal total, which the demo never reaches.
 */
final class BudgetProgress implements Progress {
    private final Progress delegate;
    private volatile long expectedSteps;

    BudgetProgress(Progress delegate, long expectedSteps) {
        this.delegate = delegate;
        this.expectedSteps = expectedSteps;
    }

    void expect(long steps) { expectedSteps = steps; }

    @Override
    public void update(long step, long total, Map<String, Double> stats) {
        delegate.update(step, Math.max(step, Math.min(total, expectedSteps)), stats);
    }

    @Override
    public void message(String line) { delegate.message(line); }

    @Override
    public void close() { delegate.close(); }
}
