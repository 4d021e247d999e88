package trm4j.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A progress bar redrawn in place ({@code \r}) at most {@value #REDRAW_MS} ms apart when the stream is a
 * terminal; otherwise one plain line every {@value #LINE_MS} ms (logs stay readable when redirected).
 * Shows step/total, percent, samples/s, the given stats and the ETA. Rates count from the first update, so
 * a resumed run is not credited with the steps it did not run.
 */
public final class TerminalProgress implements Progress {
    static final long REDRAW_MS = 200, LINE_MS = 30_000;
    private static final int BAR = 24;

    private final PrintStream out;
    private final boolean tty;
    private final int samplesPerStep;
    private final String unit;
    private final LongSupplier clock;
    private long startNanos = -1, startStep, lastDraw = Long.MIN_VALUE;
    private boolean barOpen;
    private String lastText;

    /** {@code unit} names what is counted in the plain-line form ("step", "batch"). */
    public TerminalProgress(PrintStream out, boolean tty, int samplesPerStep, String unit, LongSupplier nanoClock) {
        this.out = out;
        this.tty = tty;
        this.samplesPerStep = samplesPerStep;
        this.unit = unit;
        this.clock = nanoClock;
    }

    @Override
    public synchronized void update(long step, long total, Map<String, Double> stats) {
        long now = clock.getAsLong();
        if (startNanos < 0) { startNanos = now; startStep = step; }
        boolean last = step >= total;
        long gap = (tty ? REDRAW_MS : LINE_MS) * 1_000_000L;
        if (!last && lastDraw != Long.MIN_VALUE && now - lastDraw < gap) return;
        lastDraw = now;
        lastText = render(step, total, stats, now);
        if (tty) {
            out.print("\r" + lastText + "\033[K");
            barOpen = true;
            if (last) { out.println(); barOpen = false; }
        } else {
            out.println(lastText);
        }
        out.flush();
    }

    String render(long step, long total, Map<String, Double> stats, long now) {
        StringBuilder b = new StringBuilder();
        double frac = total > 0 ? Math.min(1.0, (double) step / total) : 0;
        if (tty) {
            int full = (int) Math.round(frac * BAR);
            b.append('[').append("#".repeat(full)).append(".".repeat(BAR - full)).append("] ");
        } else {
            b.append(unit).append(' ');
        }
        b.append(step).append('/').append(total).append(String.format(Locale.ROOT, " %5.1f%%", 100 * frac));
        double seconds = (now - startNanos) / 1e9;
        long done = step - startStep;
        double stepsPerSecond = seconds > 0 ? done / seconds : 0;
        if (stepsPerSecond > 0) b.append(String.format(Locale.ROOT, " | %.1f samples/s", stepsPerSecond * samplesPerStep));
        for (Map.Entry<String, Double> e : stats.entrySet()) {
            String key = e.getKey().startsWith("train/") ? e.getKey().substring(6) : e.getKey();
            b.append(" | ").append(key).append(' ').append(String.format(Locale.ROOT, "%.4g", e.getValue()));
        }
        if (stepsPerSecond > 0 && step < total) b.append(" | ETA ").append(duration((total - step) / stepsPerSecond));
        return b.toString();
    }

    /** 45s, 12m05s, 3h07m, 2d04h. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) return s + "s";
        if (s < 3600) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        if (s < 86400) return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
        return String.format(Locale.ROOT, "%dd%02dh", s / 86400, s % 86400 / 3600);
    }

    @Override
    public synchronized void message(String line) {
        if (barOpen) out.print("\r\033[K");
        out.println(line);
        if (barOpen && lastText != null) out.print(lastText);
        out.flush();
    }

    @Override
    public synchronized void close() {
        if (barOpen) { out.println(); barOpen = false; }
        out.flush();
    }
}
