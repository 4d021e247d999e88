package trm4j.nn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import static trm4j.nn.GradCheck.*;

/**
 * Gradient check of the {@link SwiGlu} layer ((silu(gate)·up)·W_dᵀ with [gate | up] = x·W_guᵀ) at an odd width.
 * Method ({@link GradCheck}): double reference forward, J = Σ r ⊙ y, central differences in double (h = 1e-6)
 * w.r.t. every input element and 200 random elements of each weight (they have 256·2·width and width·256
 * elements), against SwiGlu.backward with dy = r; relative ∞-norm error ≤ 1e-3; reference forward within 1e-5.
 */
class SwiGluGradientTest {
    @ParameterizedTest(name = "accumulate={0}")
    @ValueSource(booleans = {false, true})
    void backwardMatchesFiniteDifferences(boolean accumulate) {
        SplittableRandom rng = new SplittableRandom(accumulate ? 31 : 32);
        int rows = 10, width = 7;
        SwiGlu s = new SwiGlu("mlp", width, 4.0);
        int inter = s.inter;
        System.arraycopy(normal(rng, s.gateUp.size(), 1 / Math.sqrt(width)), 0, s.gateUp.value, 0, s.gateUp.size());
        System.arraycopy(normal(rng, s.down.size(), 1 / Math.sqrt(inter)), 0, s.down.value, 0, s.down.size());
        float[] x = normal(rng, rows * width, 1), r = normal(rng, rows * width, 1), y = new float[rows * width];
        SwiGlu.Cache c = s.new Cache(rows);
        s.forward(x, 0, y, 0, c);
        double[] xd = toDouble(x), gud = toDouble(s.gateUp.value), dd = toDouble(s.down.value), rd = toDouble(r);
        DoubleSupplier j = () -> dot(rd, Reference.swiglu(xd, rows, width, gud, dd, inter));
        String tag = "SwiGlu(acc=" + accumulate + ")";
        checkForward(tag, y, Reference.swiglu(xd, rows, width, gud, dd, inter));

        float[] prior = normal(rng, rows * width, 1), dx = prior.clone();
        s.backward(r, 0, x, 0, c, dx, 0, accumulate);
        check(tag + " d/dx", xd, accumulate ? LinearGradientTest.minus(dx, prior) : dx, j, rng);
        check(tag + " d/dgate_up_proj", gud, s.gateUp.grad, j, rng);
        check(tag + " d/ddown_proj", dd, s.down.grad, j, rng);
    }
}
