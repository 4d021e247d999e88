package trm4j.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class MetricsLogTest {

    @Test
    void linesRoundTripAndTruncateKeepsOriginalText(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("run").resolve("metrics.jsonl");
        try (MetricsLog log = new MetricsLog(f)) {
            for (int s = 1; s <= 4; s++) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("train/lm_loss", 1.0 / s);
                m.put("train/accuracy", 0.1 * s);
                log.log(s, m);
            }
            log.log(4, Map.of("all/exact_accuracy", 0.75, "all/steps", 16.0));
        }
        List<String> lines = Files.readAllLines(f);
        assertEquals(5, lines.size());
        assertEquals("{\"step\":1,\"train/lm_loss\":1.0,\"train/accuracy\":0.1}", lines.get(0));
        List<Map<String, Object>> recs = MetricsLog.read(f);
        assertEquals(0.25, recs.get(3).get("train/lm_loss"));
        assertEquals(4L, MetricsLog.stepOf(recs.get(4)));
        MetricsLog.truncateAfter(f, 2);
        assertEquals(lines.subList(0, 2), Files.readAllLines(f));
    }

    @Test
    void cutLastLineIsIgnoredOtherBadLinesAreErrors(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("metrics.jsonl");
        Files.writeString(f, "{\"step\":1,\"a\":1}\n{\"step\":2,\"a\"");
        assertEquals(1, MetricsLog.read(f).size());
        Files.writeString(f, "{\"step\":1,\"a\":1}\nnot json\n{\"step\":3}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MetricsLog.read(f));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }
}
