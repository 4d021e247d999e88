package trm4j.nn;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import trm4j.tensor.Gemm;
import trm4j.tensor.GemmBackend;
import trm4j.tensor.ScalarGemm;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static trm4j.nn.GradCheck.normal;

/**
 * A weight packed once for many products ({@link Param#pack}) gives the bits of the per-product packing, for
 * y = x·Wᵀ and dx (+)= dy·W, on the Vector API backend and the scalar one; shapes with a partial last panel, a
 * depth over one block (k > 256) and a single row.
 */
class LinearPackedTest {
    private final GemmBackend before = Gemm.backend();

    @AfterEach
    void restore() { Gemm.setBackend(before); }

    @ParameterizedTest(name = "n={0}, in={1}, out={2}, scalar={3}")
    @CsvSource({"40,64,512,false", "37,300,40,false", "1,97,130,false", "9,40,256,true", "64,257,17,false"})
    void packedWeightsGiveTheSameBits(int n, int in, int out, boolean scalar) {
        if (scalar) Gemm.setBackend(new ScalarGemm());
        SplittableRandom rng = new SplittableRandom(n * 31 + in);
        Param w = new Param("w", true, out, in);
        System.arraycopy(normal(rng, out * in, 1), 0, w.value, 0, out * in);
        float[] x = normal(rng, n * in, 1), dy = normal(rng, n * out, 1), prior = normal(rng, n * in, 1);

        List<float[]> perProduct = products(w, x, dy, prior, n, in, out);
        w.pack(true, true);
        assertTrue(w.packed());
        List<float[]> packed = products(w, x, dy, prior, n, in, out);
        w.pack(false, false);
        assertFalse(w.packed());

        assertArrayEquals(perProduct.get(0), packed.get(0), "x·Wᵀ");
        assertArrayEquals(perProduct.get(1), packed.get(1), "dx += dy·W");
        assertArrayEquals(perProduct.get(2), packed.get(2), "dx = dy·W");
    }

    /** x·Wᵀ, prior + dy·W and dy·W through {@link Linear}. */
    private static List<float[]> products(Param w, float[] x, float[] dy, float[] prior, int n, int in, int out) {
        float[] y = new float[n * out], dx = prior.clone(), dxSet = new float[n * in];
        Linear.forward(x, 0, n, in, w, y, 0, out);
        Linear.backwardInput(dy, 0, n, in, out, w, dx, 0, true);
        Linear.backwardInput(dy, 0, n, in, out, w, dxSet, 0, false);
        return List.of(y, dx, dxSet);
    }
}
