package trm4j.train;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ProgressTest {

    @Test
    void plainLinesWhenNotATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long[] now = {0};
        TerminalProgress p = new TerminalProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 768, "step", () -> now[0]);
        Map<String, Double> stats = new LinkedHashMap<>();
        stats.put("train/lm_loss", 1.23456);
        stats.put("train/accuracy", 0.5);
        p.update(1, 100, stats);                 // first line at once
        now[0] = 2_000_000_000L;
        p.update(2, 100, stats);                 // within 30 s: suppressed
        now[0] = 40_000_000_000L;
        p.update(50, 100, stats);                // 49 steps in 40 s since step 1
        now[0] = 41_000_000_000L;
        p.update(100, 100, stats);               // last step always shown
        p.close();
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length, bytes.toString(StandardCharsets.UTF_8));
        assertTrue(lines[0].startsWith("step 1/100   1.0% | lm_loss 1.235 | accuracy 0.5000"), lines[0]);
        // 49 steps / 40 s = 1.225 steps/s → 940.8 samples/s; 50 left → 40.8 s
        assertEquals("step 50/100  50.0% | 940.8 samples/s | lm_loss 1.235 | accuracy 0.5000 | ETA 41s", lines[1]);
        assertFalse(lines[2].contains("ETA"), lines[2]);
        assertFalse(lines[0].contains("\r"));
    }

    @Test
    void plainLinesNameTheUnitCounted() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long[] now = {0};
        TerminalProgress p = new TerminalProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 64, "batch", () -> now[0]);
        p.update(1, 4, Map.of());
        now[0] = 2_000_000_000L;
        p.update(4, 4, Map.of());                // 3 batches of 64 in 2 s
        assertEquals("batch 1/4  25.0%\nbatch 4/4 100.0% | 96.0 samples/s\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void barRedrawsInPlaceOnATerminal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long[] now = {0};
        TerminalProgress p = new TerminalProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 1, "step", () -> now[0]);
        p.update(1, 4, Map.of());
        now[0] = 1_000_000_000L;
        p.update(2, 4, Map.of());
        p.message("eval: accuracy 0.9");
        now[0] = 2_000_000_000L;
        p.update(4, 4, Map.of());
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(s.contains("\r[############............] 2/4  50.0% | 1.0 samples/s | ETA 2s"), s);
        assertTrue(s.contains("\n[############............] 2/4"), "bar redrawn after a message: " + s);
        assertTrue(s.endsWith("[########################] 4/4 100.0% | 1.5 samples/s\033[K\n"), s);
    }

    @Test
    void durationsAndSilent() {
        assertEquals("45s", TerminalProgress.duration(45));
        assertEquals("12m05s", TerminalProgress.duration(725));
        assertEquals("3h07m", TerminalProgress.duration(3 * 3600 + 7 * 60 + 10));
        assertEquals("2d04h", TerminalProgress.duration(2 * 86400 + 4 * 3600));
        Progress.silent().update(1, 2, Map.of("x", 1.0));   // no output, no failure
    }
}
