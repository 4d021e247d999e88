package trm4j.nn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static trm4j.nn.GradCheck.*;

/**
 * Gradient check of {@link Linear} (y = x·Wᵀ + b) with and without bias, with the accumulate flag on and off.
 * Method ({@link GradCheck}): double reference forward with naive loops, J = Σ r ⊙ y, central differences in
 * double (h = 1e-6) w.r.t. every element of x, W and b, against Linear.backward with dy = r; relative ∞-norm
 * error ≤ 1e-3; the reference forward equals the float32 forward within 1e-5. The backward is also checked
 * to add into dW and db (they hold earlier values) and to overwrite or add into dx as the flag says.
 */
class LinearGradientTest {
    @ParameterizedTest(name = "bias={0}, accumulate={1}")
    @CsvSource({"true,false", "true,true", "false,false", "false,true"})
    void backwardMatchesFiniteDifferences(boolean withBias, boolean accumulate) {
        SplittableRandom rng = new SplittableRandom(withBias ? 21 : 22);
        int n = 7, in = 9, out = 5;
        float[] x = normal(rng, n * in, 1), w = normal(rng, out * in, 1 / Math.sqrt(in));
        float[] bias = withBias ? normal(rng, out, 0.5) : null, r = normal(rng, n * out, 1);
        float[] y = new float[n * out];
        Linear.forward(x, 0, n, in, w, bias, y, 0, out);
        double[] xd = toDouble(x), wd = toDouble(w), bd = withBias ? toDouble(bias) : null, rd = toDouble(r);
        String tag = "Linear(bias=" + withBias + ", acc=" + accumulate + ")";
        checkForward(tag, y, Reference.linear(xd, n, in, wd, bd, out));

        // Earlier contents: dW and db always accumulate; dx only when accumulate.
        float[] dwPrior = normal(rng, out * in, 1), dbPrior = normal(rng, out, 1), dxPrior = normal(rng, n * in, 1);
        float[] dw = dwPrior.clone(), db = withBias ? dbPrior.clone() : null, dx = dxPrior.clone();
        Linear.backward(r, 0, x, 0, n, in, out, w, dw, db, dx, 0, accumulate);
        float[] gw = minus(dw, dwPrior), gx = accumulate ? minus(dx, dxPrior) : dx;
        java.util.function.DoubleSupplier j = () -> dot(rd, Reference.linear(xd, n, in, wd, bd, out));
        check(tag + " d/dx", xd, gx, j, rng);
        check(tag + " d/dW", wd, gw, j, rng);
        if (withBias) check(tag + " d/db", bd, minus(db, dbPrior), j, rng);

        // dx = null: the weight gradient alone, identical.
        float[] dwOnly = dwPrior.clone();
        Linear.backward(r, 0, x, 0, n, in, out, w, dwOnly, null, null, 0, accumulate);
        assertArrayEquals(dw, dwOnly);
        if (!withBias) assertNull(db);
    }

    @ParameterizedTest(name = "offsets")
    @CsvSource({"3,5,2"})
    void backwardHonoursOffsets(int xOff, int yOff, int dxOff) {
        SplittableRandom rng = new SplittableRandom(23);
        int n = 4, in = 3, out = 6;
        float[] x = normal(rng, xOff + n * in, 1), w = normal(rng, out * in, 0.6), r = normal(rng, yOff + n * out, 1);
        float[] y = new float[yOff + n * out];
        Linear.forward(x, xOff, n, in, w, null, y, yOff, out);
        double[] xd = java.util.Arrays.copyOfRange(toDouble(x), xOff, xOff + n * in), wd = toDouble(w);
        double[] rd = java.util.Arrays.copyOfRange(toDouble(r), yOff, yOff + n * out);
        checkForward("Linear (offsets)", y, yOff, Reference.linear(xd, n, in, wd, null, out));
        float[] dw = new float[out * in], dx = new float[dxOff + n * in];
        Linear.backward(r, yOff, x, xOff, n, in, out, w, dw, null, dx, dxOff, false);
        java.util.function.DoubleSupplier j = () -> dot(rd, Reference.linear(xd, n, in, wd, null, out));
        check("Linear (offsets) d/dx", xd, dx, dxOff, j, rng);
        check("Linear (offsets) d/dW", wd, dw, j, rng);
    }

    static float[] minus(float[] a, float[] b) {
        float[] d = new float[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i] - b[i];
        return d;
    }
}
