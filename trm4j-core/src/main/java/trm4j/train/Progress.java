package trm4j.train;

import java.io.Console;
import java.util.Map;

/**
 * Reports training progress. {@link #terminal} draws a bar on stderr (plain periodic lines when stderr is not
 * a terminal); {@link #silent} reports nothing (tests, library use).
 */
public interface Progress extends AutoCloseable {

    /** Called after optimizer step {@code step} of {@code total}; {@code stats} are shown as given (e.g. loss, accuracy). */
    void update(long step, long total, Map<String, Double> stats);

    /** A one-off line (evaluation results, checkpoint saved) that must not be overdrawn by the bar. */
    default void message(String line) {}

    /** Ends the bar's line. */
    @Override
    default void close() {}

    static Progress silent() { return SilentProgress.INSTANCE; }

    /** Progress on stderr; {@code samplesPerStep} (the global batch size) turns the step rate into samples/s. */
    static Progress terminal(int samplesPerStep) {
        return terminal(samplesPerStep, "step");
    }

    /** As {@link #terminal(int)}, counting {@code unit}s (e.g. evaluation batches) instead of optimizer steps. */
    static Progress terminal(int samplesPerUnit, String unit) {
        Console c = System.console();
        boolean tty = c != null && c.isTerminal() && !"dumb".equals(System.getenv("TERM"));
        return new TerminalProgress(System.err, tty, samplesPerUnit, unit, System::nanoTime);
    }
}
