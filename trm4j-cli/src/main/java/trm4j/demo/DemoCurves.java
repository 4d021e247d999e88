package trm4j.demo;

import com.fasterxml.jackson.databind.JsonNode;
import trm4j.io.StrictJson;
import trm4j.train.plot.LineChart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Held-out exact accuracy against training minutes of finished demo runs (the {@code curve} of their demo.json). */
public final class DemoCurves {
    private DemoCurves() {}

    /** One series per run folder, named by grid size and folder. */
    public static LineChart chart(List<Path> runs) throws IOException {
        LineChart chart = new LineChart("Held-out exact accuracy against training time", "training minutes", "exact accuracy");
        for (Path run : runs) {
            Path file = Files.isDirectory(run) ? run.resolve(DemoRunner.SUMMARY) : run;
            if (!Files.isRegularFile(file))
                throw new IllegalArgumentException(file + ": no demo summary; --minutes compares folders written by trm demo");
            JsonNode root = StrictJson.readTree(file);
            JsonNode curve = root == null ? null : root.get("curve");
            if (curve == null || !curve.isArray() || curve.isEmpty())
                throw new IllegalArgumentException(file + ": no \"curve\" of held-out evaluations (written by trm demo from this version on)");
            double[] x = new double[curve.size()], y = new double[curve.size()];
            for (int i = 0; i < x.length; i++) {
                JsonNode p = curve.get(i);
                if (!p.path("minutes").isNumber() || !p.path("exact_accuracy").isNumber())
                    throw new IllegalArgumentException(file + ": curve[" + i + "] lacks numeric minutes and exact_accuracy");
                x[i] = p.get("minutes").asDouble();
                y[i] = p.get("exact_accuracy").asDouble();
            }
            int size = root.path("size").asInt(0);
            Path name = (Files.isDirectory(run) ? run : run.toAbsolutePath().getParent()).getFileName();
            chart.add(new LineChart.Series((size > 0 ? size + "x" + size + " " : "") + name, x, y));
        }
        return chart;
    }
}
