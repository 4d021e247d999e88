package trm4j.nn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import static trm4j.nn.GradCheck.*;

/**
 * Gradient check of the mlp_t {@link TokenMixer}: on the transposed activations hT [B, D, S], SwiGLU over the
 * sequence axis and RMSNorm over the sequence axis, then transposed back. Method ({@link GradCheck}): double
 * reference forward ({@link Reference#tokenMixer}), J = Σ r ⊙ y, central differences in double (h = 1e-6)
 * w.r.t. every input element and 200 random elements of each SwiGLU weight, against TokenMixer.backward with
 * dy = r; relative ∞-norm error ≤ 1e-3; reference forward within 1e-5.
 */
class TokenMixerGradientTest {
    @ParameterizedTest(name = "B={0}, S={1}, D={2}")
    @CsvSource({"2,5,6", "1,7,3"})
    void backwardMatchesFiniteDifferences(int batch, int seq, int dim) {
        SplittableRandom rng = new SplittableRandom(61 + seq);
        float eps = 1e-5f;
        TokenMixer t = new TokenMixer("mlp_t", dim, seq, 4.0, eps);
        SwiGlu m = t.mlp;
        System.arraycopy(normal(rng, m.gateUp.size(), 1 / Math.sqrt(seq)), 0, m.gateUp.value, 0, m.gateUp.size());
        System.arraycopy(normal(rng, m.down.size(), 1 / Math.sqrt(m.inter)), 0, m.down.value, 0, m.down.size());
        int n = batch * seq * dim;
        float[] x = normal(rng, n, 1), r = normal(rng, n, 1), y = new float[n];
        TokenMixer.Cache c = t.new Cache(batch);
        t.forward(x, 0, y, 0, c);
        double[] xd = toDouble(x), gud = toDouble(m.gateUp.value), dd = toDouble(m.down.value), rd = toDouble(r);
        DoubleSupplier j = () -> dot(rd, Reference.tokenMixer(xd, batch, seq, dim, gud, dd, m.inter, eps));
        String tag = "TokenMixer(B=" + batch + ", S=" + seq + ", D=" + dim + ")";
        checkForward(tag, y, Reference.tokenMixer(xd, batch, seq, dim, gud, dd, m.inter, eps));

        float[] dx = normal(rng, n, 1);   // overwritten
        t.backward(r, 0, c, dx, 0);
        check(tag + " d/dx", xd, dx, j, rng);
        check(tag + " d/dgate_up_proj", gud, m.gateUp.grad, j, rng);
        check(tag + " d/ddown_proj", dd, m.down.grad, j, rng);
    }
}
