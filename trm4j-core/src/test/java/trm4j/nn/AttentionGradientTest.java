package trm4j.nn;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import static trm4j.nn.GradCheck.*;

/**
 * Gradient check of {@link Attention} (packed qkv_proj, optional RoPE on Q and K, softmax(QKᵀ/√d)·V per head,
 * o_proj), with and without RoPE, accumulate on and off. Method ({@link GradCheck}): double reference forward
 * ({@link Reference#attention}), J = Σ r ⊙ y, central differences in double (h = 1e-6) w.r.t. every element of
 * x, qkv_proj and o_proj, against Attention.backward with dy = r; relative ∞-norm error ≤ 1e-3; the reference
 * forward equals the float32 forward within 1e-5.
 */
class AttentionGradientTest {
    @ParameterizedTest(name = "rope={0}, accumulate={1}, B={2}, S={3}, D={4}, heads={5}")
    // 14 = 3 heads of 4 + 2: the heads span 12 < hidden (the official head_dim = hidden // heads, as at 512 / 12)
    @CsvSource({"true,false,2,5,8,2", "false,true,2,5,8,2", "true,true,2,6,12,3", "false,false,1,7,8,1", "true,false,2,5,14,3"})
    void backwardMatchesFiniteDifferences(boolean withRope, boolean accumulate, int batch, int seq, int dim, int heads) {
        SplittableRandom rng = new SplittableRandom(51 + seq + dim);
        int hd = dim / heads;
        Rope rope = withRope ? new Rope(seq, hd, 10000) : null;
        double[][] tables = withRope ? Reference.ropeTables(seq, hd, 10000) : null;
        Attention a = new Attention("attn", dim, heads, seq, rope);
        // Larger than LeCun scale so the attention is far from uniform and the softmax path carries weight.
        System.arraycopy(normal(rng, a.qkv.size(), 1.5 / Math.sqrt(dim)), 0, a.qkv.value, 0, a.qkv.size());
        System.arraycopy(normal(rng, a.o.size(), 1 / Math.sqrt(dim)), 0, a.o.value, 0, a.o.size());
        int n = batch * seq * dim;
        float[] x = normal(rng, n, 1), r = normal(rng, n, 1), y = new float[n];
        Attention.Cache c = a.new Cache(batch);
        a.forward(x, 0, y, 0, c);
        double[] xd = toDouble(x), qd = toDouble(a.qkv.value), od = toDouble(a.o.value), rd = toDouble(r);
        DoubleSupplier j = () -> dot(rd, Reference.attention(xd, batch, seq, dim, heads, qd, od, tables));
        String tag = "Attention(rope=" + withRope + ", acc=" + accumulate + ", D=" + dim + ", H=" + heads + ")";
        checkForward(tag, y, Reference.attention(xd, batch, seq, dim, heads, qd, od, tables));

        float[] prior = normal(rng, n, 1), dx = prior.clone();
        a.backward(r, 0, x, 0, c, dx, 0, accumulate);
        check(tag + " d/dx", xd, accumulate ? LinearGradientTest.minus(dx, prior) : dx, j, rng);
        check(tag + " d/dqkv_proj", qd, a.qkv.grad, j, rng);
        check(tag + " d/do_proj", od, a.o.grad, j, rng);
    }
}
