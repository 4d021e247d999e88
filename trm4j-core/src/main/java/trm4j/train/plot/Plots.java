package trm4j.train.plot;

import trm4j.train.MetricsLog;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * PNG charts of a run's {@code metrics.jsonl} against the optimizer step: loss, accuracy, exact accuracy,
 * halting accuracy, mean ACT steps and learning rate, each with the training series ({@code train/<metric>})
 * and one series per evaluated set ({@code <set>/<metric>}) where present.
 */
public final class Plots {
    private Plots() {}

    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** file name → (title, y label, metric suffixes shown together). */
    private record Chart(String file, String title, String yLabel, List<String> metrics) {}

    private static final List<Chart> CHARTS = List.of(
            new Chart("loss.png", "Loss", "loss per sample", List.of("lm_loss", "q_halt_loss")),
            new Chart("accuracy.png", "Token accuracy", "accuracy", List.of("accuracy")),
            new Chart("exact_accuracy.png", "Exact accuracy (whole puzzle correct)", "exact accuracy", List.of("exact_accuracy")),
            new Chart("q_halt_accuracy.png", "Halting accuracy", "halting accuracy", List.of("q_halt_accuracy")),
            new Chart("steps.png", "Mean ACT steps", "steps", List.of("steps")),
            new Chart("lr.png", "Learning rate", "learning rate", List.of("lr")));

    public static final int WIDTH = 960, HEIGHT = 560;

    /** Reads {@code runDir/metrics.jsonl} and writes the charts into {@code runDir/plots}; returns the files written. */
    public static List<Path> write(Path runDir) throws IOException {
        return write(runDir.resolve("metrics.jsonl"), runDir.resolve("plots"));
    }

    /** Charts of {@code metricsFile} into {@code outDir}; charts without any data are skipped. */
    public static List<Path> write(Path metricsFile, Path outDir) throws IOException {
        if (!Files.isRegularFile(metricsFile))
            throw new IllegalArgumentException(metricsFile + ": no metrics file (train a run first, or give the run directory)");
        Map<String, LineChart> charts = charts(MetricsLog.read(metricsFile));
        if (charts.isEmpty())
            throw new IllegalArgumentException(metricsFile + ": no plottable metrics (expected keys like train/lm_loss, all/accuracy)");
        Files.createDirectories(outDir);
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, LineChart> e : charts.entrySet()) written.add(write(e.getValue(), outDir.resolve(e.getKey())));
        return written;
    }

    /** {@code chart} as a PNG file {@code target} (written to a temporary name, then renamed). */
    public static Path write(LineChart chart, Path target) throws IOException {
        BufferedImage img;
        try {
            img = chart.render(WIDTH, HEIGHT);
        } catch (Error awt) { // e.g. no fonts installed on a minimal system
            throw new IOException("cannot draw charts on this system (" + awt + "); install a font package such as fontconfig + DejaVu", awt);
        }
        trm4j.io.AtomicFiles.write(target, os -> {
            if (!ImageIO.write(img, "png", os)) throw new IOException("no PNG writer available");
        });
        return target;
    }

    /** The charts that have data, by file name. */
    static Map<String, LineChart> charts(List<Map<String, Object>> records) {
        // prefixes in first-seen order, train first
        TreeSet<String> seen = new TreeSet<>();
        List<String> prefixes = new ArrayList<>();
        prefixes.add("train");
        for (Map<String, Object> r : records)
            for (String k : r.keySet()) {
                int slash = k.lastIndexOf('/');
                if (slash > 0 && seen.add(k.substring(0, slash)) && !k.startsWith("train/")) prefixes.add(k.substring(0, slash));
            }
        Map<String, LineChart> out = new LinkedHashMap<>();
        for (Chart c : CHARTS) {
            LineChart chart = new LineChart(c.title(), "optimizer step", c.yLabel());
            for (String metric : c.metrics())
                for (String prefix : prefixes) {
                    LineChart.Series s = series(records, prefix + "/" + metric, label(prefix, metric, c.metrics().size() > 1));
                    if (s != null) chart.add(s);
                }
            if (!chart.series().isEmpty()) out.put(c.file(), chart);
        }
        return out;
    }

    private static String label(String prefix, String metric, boolean withMetric) {
        String who = prefix.equals("train") ? "train" : "eval " + prefix;
        return withMetric ? who + " " + metric : who;
    }

    private static LineChart.Series series(List<Map<String, Object>> records, String key, String name) {
        List<double[]> pts = new ArrayList<>();
        for (Map<String, Object> r : records) {
            Object v = r.get(key);
            long step = MetricsLog.stepOf(r);
            // Per-sequence metrics of a step where no slot halted are 0/1 placeholders (official reduction): skip
            // them, or the training curves zig-zag to zero on every step in between.
            boolean perSequence = !key.endsWith("loss") && !key.endsWith("/lr") && !key.endsWith("/count");
            String countKey = key.substring(0, key.lastIndexOf('/') + 1) + "count";
            if (perSequence && r.get(countKey) instanceof Number c && c.doubleValue() == 0) continue;
            if (step >= 0 && v instanceof Number n) pts.add(new double[]{step, n.doubleValue()});
        }
        if (pts.isEmpty()) return null;
        pts.sort((a, b) -> Double.compare(a[0], b[0]));
        double[] x = new double[pts.size()], y = new double[pts.size()];
        for (int i = 0; i < x.length; i++) { x[i] = pts.get(i)[0]; y[i] = pts.get(i)[1]; }
        return new LineChart.Series(name, x, y);
    }
}
