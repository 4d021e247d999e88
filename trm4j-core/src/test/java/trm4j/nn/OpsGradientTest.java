package trm4j.nn;

import org.junit.jupiter.api.Test;
import trm4j.tensor.Ops;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static trm4j.nn.GradCheck.*;

/**
 * Gradient checks of the fused kernels in {@link Ops}: addRmsNorm/rmsNormBackward (w.r.t. both summands),
 * swiglu/swigluBackward and softmaxRows/softmaxBackwardRows. Method ({@link GradCheck}): a double reference
 * forward ({@link Reference}), J = Σ r ⊙ y for a fixed random r, central differences in double (h = 1e-6) w.r.t.
 * every input element, against the float32 backward run with dy = r; relative ∞-norm error ≤ 1e-3, and the
 * reference forward equals the float32 forward within 1e-5 (relative).
 */
class OpsGradientTest {
    @Test
    void addRmsNormBackwardMatchesFiniteDifferencesForBothSummands() {
        SplittableRandom rng = new SplittableRandom(11);
        int rows = 6, width = 7;
        float eps = 1e-5f;
        float[] a = normal(rng, rows * width, 1), b = normal(rng, rows * width, 0.7), r = normal(rng, rows * width, 1);
        float[] y = new float[rows * width], rInv = new float[rows];
        Ops.addRmsNorm(a, 0, b, 0, y, 0, rInv, 0, rows, width, eps);
        double[] ad = toDouble(a), bd = toDouble(b), rd = toDouble(r);
        checkForward("Ops.addRmsNorm", y, Reference.addRms(ad, bd, rows, width, eps));

        float[] dx = new float[rows * width];
        Ops.rmsNormBackward(r, 0, y, 0, rInv, 0, dx, 0, rows, width);
        check("Ops.rmsNormBackward d/da", ad, dx, () -> dot(rd, Reference.addRms(ad, bd, rows, width, eps)), rng);
        check("Ops.rmsNormBackward d/db", bd, dx, () -> dot(rd, Reference.addRms(ad, bd, rows, width, eps)), rng);

        // The documented aliasing: out = a in the forward, dx = dy in the backward, same numbers.
        float[] aliased = a.clone();
        Ops.addRmsNorm(aliased, 0, b, 0, aliased, 0, new float[rows], 0, rows, width, eps);
        assertArrayEquals(y, aliased);
        float[] inPlace = r.clone();
        Ops.rmsNormBackward(inPlace, 0, y, 0, rInv, 0, inPlace, 0, rows, width);
        assertArrayEquals(dx, inPlace);
    }

    @Test
    void addRmsNormBackwardHonoursOffsets() {
        SplittableRandom rng = new SplittableRandom(12);
        int rows = 3, width = 5, pad = 4;
        float eps = 1e-5f;
        float[] a = normal(rng, pad + rows * width, 1), b = normal(rng, 2 * pad + rows * width, 1);
        float[] r = normal(rng, pad + rows * width, 1);
        float[] y = new float[3 + rows * width], rInv = new float[1 + rows];
        Ops.addRmsNorm(a, pad, b, 2 * pad, y, 3, rInv, 1, rows, width, eps);
        double[] ad = java.util.Arrays.copyOfRange(toDouble(a), pad, pad + rows * width);
        double[] bd = java.util.Arrays.copyOfRange(toDouble(b), 2 * pad, 2 * pad + rows * width);
        double[] rd = java.util.Arrays.copyOfRange(toDouble(r), pad, pad + rows * width);
        checkForward("Ops.addRmsNorm (offsets)", y, 3, Reference.addRms(ad, bd, rows, width, eps));
        float[] dx = new float[2 + rows * width];
        Ops.rmsNormBackward(r, pad, y, 3, rInv, 1, dx, 2, rows, width);
        check("Ops.rmsNormBackward d/da (offsets)", ad, dx, 2, () -> dot(rd, Reference.addRms(ad, bd, rows, width, eps)), rng);
    }

    @Test
    void swigluBackwardMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(13);
        int rows = 5, inter = 9;
        float[] gu = normal(rng, rows * 2 * inter, 2), r = normal(rng, rows * inter, 1);
        float[] act = new float[rows * inter];
        Ops.swiglu(gu, 0, act, 0, rows, inter);
        double[] gd = toDouble(gu), rd = toDouble(r);
        checkForward("Ops.swiglu", act, Reference.swigluAct(gd, rows, inter));
        float[] dgu = new float[rows * 2 * inter];
        Ops.swigluBackward(r, 0, gu, 0, dgu, 0, rows, inter);
        check("Ops.swigluBackward d/d[gate|up]", gd, dgu, () -> dot(rd, Reference.swigluAct(gd, rows, inter)), rng);
    }

    @Test
    void softmaxBackwardMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(14);
        int rows = 6, cols = 7;
        float[] x = normal(rng, rows * cols, 2), r = normal(rng, rows * cols, 1);
        float[] p = x.clone();
        Ops.softmaxRows(p, 0, rows, cols);
        double[] xd = toDouble(x), rd = toDouble(r);
        checkForward("Ops.softmaxRows", p, Reference.softmaxRows(xd, rows, cols));
        float[] g = r.clone();
        Ops.softmaxBackwardRows(p, 0, g, 0, rows, cols);
        check("Ops.softmaxBackwardRows", xd, g, () -> dot(rd, Reference.softmaxRows(xd, rows, cols)), rng);
    }
}
