package trm4j.demo;

import org.junit.jupiter.api.Test;
import trm4j.train.TerminalProgress;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class BudgetProgressTest {
    private static final long NOMINAL = 46_875_000;

    @Test
    void timeBudgetShowsTheEstimateNotTheNominalTotalAndOneFinalLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long[] now = {0};
        TerminalProgress bar = new TerminalProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 1, "step", () -> now[0]);
        BudgetProgress p = new BudgetProgress(bar, 0, 10, () -> now[0]);   // 10 s budget, 10 steps/s
        for (int step = 1; step <= 130; step++) {                           // runs past the estimate (chunk boundary)
            now[0] = step * 100_000_000L;
            p.update(step, NOMINAL, Map.of());
            if (step == 60) p.expect(100);
        }
        p.close();
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(s.contains(Long.toString(NOMINAL)), "nominal total shown: " + s);
        assertTrue(s.contains("/100 "), "the estimate (10 s at 10 steps/s) is shown: " + s);
        assertEquals(1, s.split("100\\.0%", -1).length - 1, "one 100 % line: " + s);
        assertTrue(s.endsWith("130/130 100.0% | 10.0 samples/s\033[K\n"), s);
    }

    @Test
    void stepBudgetIsTheTotal() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TerminalProgress bar = new TerminalProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 1, "step", () -> 0L);
        BudgetProgress p = new BudgetProgress(bar, 20, 600, () -> 0L);
        p.update(1, NOMINAL, Map.of());
        p.update(20, NOMINAL, Map.of());
        p.close();
        assertEquals("step 1/20   5.0%\nstep 20/20 100.0%\n", bytes.toString(StandardCharsets.UTF_8));
    }
}
