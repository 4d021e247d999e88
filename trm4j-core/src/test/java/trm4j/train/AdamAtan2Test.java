package trm4j.train;

import org.junit.jupiter.api.Test;
import trm4j.io.RawTensor;
import trm4j.nn.Param;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class AdamAtan2Test {

    @Test
    void twoStepsMatchHandComputedValues() {
        // p=1, g=2 then g=-1, lr=0.01, wd=0.1, betas (0.9, 0.95); values worked out in double by hand:
        // t=1: p = 0.999 − 0.1·atan(0.1) = 0.98903313; t=2: m=0.08, v=0.24, p = 0.98536273
        Param p = param("w", new float[]{1f}, 1);
        float[] w = p.value, g = p.grad;
        g[0] = 2f;
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
        Param p = param("w", new float[]{0.5f, -0.25f, 2f, 3f}, 2, 2);
        float[] w = p.value;
        System.arraycopy(new float[]{1e-9f, -123f, 0f, 7f}, 0, p.grad, 0, 4);
        AdamAtan2 opt = new AdamAtan2(0.9, 0.95, 1.0);
        double lr = 1e-3;
        opt.step(List.of(p), lr);
        double move = lr / 0.1 * Math.atan(0.1);   // ≈ 0.99669·lr, whatever |g|
        assertEquals(0.5 * (1 - lr) - move, w[0], 6e-8);
        assertEquals(-0.25 * (1 - lr) + move, w[1], 6e-8);
        assertEquals(2 * (1 - lr), w[2], 1e-7);   // atan2(0, 0) = 0: decay only
        assertEquals(3 * (1 - lr) - move, w[3], 1e-7);
    }

    @Test
    void tensorWithoutGradientIsSkippedEntirely() {
        Param buffer = new Param("w", false, 2);
        float[] w = buffer.value;
        w[0] = 1f;
        w[1] = 2f;
        AdamAtan2 opt = new AdamAtan2(0.9, 0.95, 0.1);
        opt.step(List.of(buffer), 0.1);
        assertArrayEquals(new float[]{1f, 2f}, w);
        assertNull(opt.state("w"));
    }

    @Test
    void exportImportResumesBitExactly() {
        int n = 70_000; // more than one parallel chunk
        java.util.Random r = new java.util.Random(1);
        float[] init = new float[n];
        for (int i = 0; i < n; i++) init[i] = (float) r.nextGaussian();
        Param p1 = param("a", init, n), p2 = param("a", init, n);
        float[] w1 = p1.value, w2 = p2.value;
        AdamAtan2 straight = new AdamAtan2(0.9, 0.95, 0.1);
        AdamAtan2 first = new AdamAtan2(0.9, 0.95, 0.1);
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < n; i++) p1.grad[i] = p2.grad[i] = (float) r.nextGaussian();
            straight.step(List.of(p1), 1e-3);
            first.step(List.of(p2), 1e-3);
        }
        Map<String, RawTensor> saved = first.exportState(List.of(p2));
        assertEquals(3, saved.size());
        AdamAtan2 resumed = new AdamAtan2(0.9, 0.95, 0.1);
        resumed.importState(saved, List.of(p2));
        for (int i = 0; i < n; i++) p1.grad[i] = p2.grad[i] = (float) r.nextGaussian();
        straight.step(List.of(p1), 1e-3);
        resumed.step(List.of(p2), 1e-3);
        assertArrayEquals(w1, w2);
        assertArrayEquals(straight.state("a").expAvgSq(), resumed.state("a").expAvgSq());
        assertEquals(4f, resumed.state("a").step());
    }

    @Test
    void importRejectsMisshapedState() {
        Param p = new Param("a", true, 3);
        Map<String, RawTensor> bad = Map.of("step.a", RawTensor.ofFloats(new float[]{1f}),
                "exp_avg.a", RawTensor.ofFloats(new float[2], 2), "exp_avg_sq.a", RawTensor.ofFloats(new float[3], 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AdamAtan2(0.9, 0.95, 0.1).importState(bad, List.of(p)));
        assertTrue(e.getMessage().contains("exp_avg.a"), e.getMessage());
    }

    static Param param(String name, float[] values, int... shape) {
        Param p = new Param(name, true, shape);
        System.arraycopy(values, 0, p.value, 0, values.length);
        return p;
    }
}
