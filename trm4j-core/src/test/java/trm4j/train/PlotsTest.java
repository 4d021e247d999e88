package trm4j.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trm4j.train.plot.Plots;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

public class PlotsTest {

    /** A small synthetic run: train metrics every step, an evaluation of set "all" every 50 steps. */
    public static void writeRun(Path run) throws Exception {
        try (MetricsLog log = new MetricsLog(run.resolve("metrics.jsonl"))) {
            for (int s = 1; s <= 200; s++) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("train/lm_loss", 2.0 * Math.exp(-s / 60.0) + 0.05 * Math.sin(s));
                m.put("train/q_halt_loss", 0.7 * Math.exp(-s / 90.0));
                m.put("train/accuracy", 1 - 0.9 * Math.exp(-s / 50.0));
                m.put("train/exact_accuracy", Math.max(0, 1 - 1.2 * Math.exp(-s / 80.0)));
                m.put("train/q_halt_accuracy", 0.5 + 0.4 * (1 - Math.exp(-s / 40.0)));
                m.put("train/steps", 16 - 10 * (1 - Math.exp(-s / 70.0)));
                m.put("train/lr", 1e-4 * Math.min(1, s / 20.0));
                log.log(s, m);
                if (s % 50 == 0)
                    log.log(s, Map.of("all/lm_loss", 2.2 * Math.exp(-s / 70.0), "all/accuracy", 1 - Math.exp(-s / 45.0),
                            "all/exact_accuracy", 1 - Math.exp(-s / 90.0), "all/q_halt_accuracy", 0.8, "all/steps", 16.0));
            }
        }
    }

    @Test
    void writesOneReadablePngPerMetric(@TempDir Path run) throws Exception {
        writeRun(run);
        List<Path> files = Plots.write(run);
        assertEquals(List.of("loss.png", "accuracy.png", "exact_accuracy.png", "q_halt_accuracy.png", "steps.png", "lr.png"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        BufferedImage img = ImageIO.read(files.get(1).toFile());
        assertEquals(Plots.WIDTH, img.getWidth());
        assertEquals(Plots.HEIGHT, img.getHeight());
        // the two series are drawn in their palette colours (blue train, red eval)
        assertTrue(countColour(img, 0x1f77b4) > 200, "train line pixels");
        assertTrue(countColour(img, 0xd62728) > 50, "eval line pixels");
        try (var s = Files.list(run.resolve("plots"))) {
            assertEquals(6, s.filter(p -> !p.getFileName().toString().startsWith(".")).count());
        }
    }

    private static int countColour(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++)
            for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xffffff) == rgb) n++;
        return n;
    }
}
