package trm4j.train;

import org.junit.jupiter.api.Test;
import trm4j.io.RawTensor;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class AdamAtan2Test {

    @Test
    void twoStepsMatchHandComputedValues() {
        // p=1, g=2 then g=-1, lr=0.01, wd=0.1, betas (0.9, 0.95); values worked out in double by hand:
        // t=1: p = 0.999 − 0.1·atan(0.1) = 0.98903313; t=2: m=0.08, v=0.24, p = 0.98536273
        float[] w = {1f};
        float[] g = {2f};
        OptimParam p = new OptimParam("w", new int[]{1}, w, g);
        AdamAtan2 opt = new AdamAtan2(0.9, 0.95, 0.1);
        opt.step(List.of(p), 0.01);
        assertEquals(0.9890331347508838, w[0], 1e-7);
        assertEquals(0.2f, opt.state("w").expAvg()[0], 1e-7);
        assertEquals(0.2f, opt.state("w").expAvgSq()[0], 1e-7);
        assertEquals(1f, opt.state("w").step());
        g[0] = -1f;
        opt.step(List.of(p), 0.01);
        assertEquals(0.9853627293822146, w[0], 1e-7);
        assertEquals(0.08f, opt.state("w").expAvg()[0], 1e-7);
        assertEquals(0.24f, opt.state("w").expAvgSq()[0], 1e-7);
        assertEquals(2f, opt.state("w").step());
    }

    @Test
    void firstStepMovesBySignOnlyAndZeroGradientOnlyDecays() {
        float[] w = {0.5f, -0.25f, 2f, 3f};
        float[] g = {1e-9f, -123f, 0f, 7f};
        AdamAtan2 opt = new AdamAtan2(0.9, 0.95, 1.0);
        double lr = 1e-3;
        opt.step(List.of(new OptimParam("w", new int[]{2, 2}, w, g)), lr);
        double move = lr / 0.1 * Math.atan(0.1);   // ≈ 0.99669·lr, whatever |g|
        assertEquals(0.5 * (1 - lr) - move, w[0], 6e-8);
        assertEquals(-0.25 * (1 - lr) + move, w[1], 6e-8);
        assertEquals(2 * (1 - lr), w[2], 1e-7);   // atan2(0, 0) = 0: decay only
        assertEquals(3 * (1 - lr) - move, w[3], 1e-7);
    }

    @Test
    void tensorWithoutGradientIsSkippedEntirely() {
        float[] w = {1f, 2f};
        AdamAtan2 opt = new AdamAtan2(0.9, 0.95, 0.1);
        opt.step(List.of(new OptimParam("w", new int[]{2}, w, null)), 0.1);
        assertArrayEquals(new float[]{1f, 2f}, w);
        assertNull(opt.state("w"));
    }

    @Test
    void exportImportResumesBitExactly() {
        int n = 70_000; // more than one parallel chunk
        float[] w1 = new float[n], w2, g = new float[n];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < n; i++) { w1[i] = (float) r.nextGaussian(); }
        w2 = w1.clone();
        OptimParam p1 = new OptimParam("a", new int[]{n}, w1, g);
        AdamAtan2 straight = new AdamAtan2(0.9, 0.95, 0.1);
        AdamAtan2 first = new AdamAtan2(0.9, 0.95, 0.1);
        OptimParam p2 = new OptimParam("a", new int[]{n}, w2, g);
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < n; i++) g[i] = (float) r.nextGaussian();
            straight.step(List.of(p1), 1e-3);
            first.step(List.of(p2), 1e-3);
        }
        Map<String, RawTensor> saved = first.exportState(List.of(p2));
        assertEquals(3, saved.size());
        AdamAtan2 resumed = new AdamAtan2(0.9, 0.95, 0.1);
        resumed.importState(saved, List.of(p2));
        for (int i = 0; i < n; i++) g[i] = (float) r.nextGaussian();
        straight.step(List.of(p1), 1e-3);
        resumed.step(List.of(p2), 1e-3);
        assertArrayEquals(w1, w2);
        assertArrayEquals(straight.state("a").expAvgSq(), resumed.state("a").expAvgSq());
        assertEquals(4f, resumed.state("a").step());
    }

    @Test
    void importRejectsMisshapedState() {
        OptimParam p = new OptimParam("a", new int[]{3}, new float[3], new float[3]);
        Map<String, RawTensor> bad = Map.of("step.a", RawTensor.ofFloats(new float[]{1f}),
                "exp_avg.a", RawTensor.ofFloats(new float[2], 2), "exp_avg_sq.a", RawTensor.ofFloats(new float[3], 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AdamAtan2(0.9, 0.95, 0.1).importState(bad, List.of(p)));
        assertTrue(e.getMessage().contains("exp_avg.a"), e.getMessage());
    }
}
