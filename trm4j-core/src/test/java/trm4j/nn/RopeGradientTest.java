package trm4j.nn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static trm4j.nn.GradCheck.*;

/**
 * Gradient check of the {@link Rope} forward/backward pair on [S, heads, head_dim] vectors at every position.
 * Method ({@link GradCheck}): double reference with tables computed in double from the official {@code RotaryEmbedding} (the d/2
 * frequencies repeated as two halves, rotate_half), J = Σ r ⊙ y, central differences in double (h = 1e-6)
 * w.r.t. every input element, against Rope.backward applied to r; relative ∞-norm error ≤ 1e-3; the float32
 * forward within 1e-5 of the reference (the float32 tables differ from double ones by a few ulp only).
 */
class RopeGradientTest {
    @ParameterizedTest(name = "S={0}, heads={1}, d={2}")
    @CsvSource({"7,2,8", "5,3,6"})
    void backwardMatchesFiniteDifferences(int seq, int heads, int hd) {
        SplittableRandom rng = new SplittableRandom(41 + hd);
        double theta = 10000;
        Rope rope = new Rope(seq, hd, theta);
        double[][] tables = Reference.ropeTables(seq, hd, theta);
        int n = seq * heads * hd;
        float[] x = normal(rng, n, 1), r = normal(rng, n, 1), y = x.clone(), g = r.clone();
        for (int s = 0; s < seq; s++)
            for (int h = 0; h < heads; h++) {
                rope.apply(y, (s * heads + h) * hd, s);
                rope.backward(g, (s * heads + h) * hd, s);
            }
        double[] xd = toDouble(x), rd = toDouble(r);
        java.util.function.DoubleSupplier ref = () -> {
            double[] z = xd.clone();
            for (int s = 0; s < seq; s++)
                for (int h = 0; h < heads; h++) Reference.rope(z, (s * heads + h) * hd, s, hd, tables);
            return dot(rd, z);
        };
        double[] yRef = xd.clone();
        for (int s = 0; s < seq; s++)
            for (int h = 0; h < heads; h++) Reference.rope(yRef, (s * heads + h) * hd, s, hd, tables);
        String tag = "Rope(S=" + seq + ", d=" + hd + ")";
        checkForward(tag, y, yRef);
        check(tag + " d/dx", xd, g, ref, rng);
    }
}
