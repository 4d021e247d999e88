package trm4j.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class LrScheduleTest {

    @Test
    void warmupThenConstantWithMinRatioOne() {
        LrSchedule s = new LrSchedule(2000, 65104, 1.0);
        assertEquals(1e-4 / 2000, s.lr(1, 1e-4), 1e-20);
        assertEquals(1e-4 * 1999 / 2000, s.lr(1999, 1e-4), 1e-20);
        assertEquals(1e-4, s.lr(2000, 1e-4));
        assertEquals(1e-4, s.lr(40000, 1e-4));
        assertEquals(1e-2, s.lr(65104, 1e-2));
    }

    @Test
    void cosineDecayToMinRatio() {
        LrSchedule s = new LrSchedule(10, 110, 0.1);
        assertEquals(1.0, s.lr(10, 1.0), 1e-15);
        assertEquals(0.1 + 0.9 * 0.5, s.lr(60, 1.0), 1e-15);           // half way: cos(π/2) = 0
        assertEquals(0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * 0.25)), s.lr(35, 1.0), 1e-15);
        assertEquals(0.1, s.lr(110, 1.0), 1e-15);
        assertEquals(0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * 1.1)), s.lr(120, 1.0), 1e-15); // past the end: cosine rises again, as officially
    }

    @Test
    void noWarmup() {
        LrSchedule s = new LrSchedule(0, 100, 1.0);
        assertEquals(3e-4, s.lr(1, 3e-4));
        assertEquals(3e-4, s.lr(0, 3e-4));
    }
}
