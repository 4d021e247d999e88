package trm4j.model;

import java.util.SplittableRandom;

/**
 * The official initialiser (JAX-style truncated LeCun normal): a unit normal truncated to [−2, 2], scaled by
 * σ / 0.8796256610342398 so that the result really has standard deviation σ. Sampled by rejection, which has the
 * same distribution as the official inverse-CDF method (PyTorch's random stream cannot be matched anyway).
 */
final class TruncatedNormal {
    /** Standard deviation of a unit normal truncated to [−2, 2]. */
    static final double TRUNCATED_STD = 0.8796256610342398;

    private TruncatedNormal() {}

    static void fill(float[] out, double std, SplittableRandom rng) {
        if (std == 0) { java.util.Arrays.fill(out, 0f); return; }
        double scale = std / TRUNCATED_STD;
        for (int i = 0; i < out.length; i++) {
            double z;
            do { z = rng.nextGaussian(); } while (z < -2 || z > 2);
            out[i] = (float) (z * scale);
        }
    }

    /** Round-to-nearest-even to bfloat16, kept in a float. */
    static float bf16(float x) {
        int bits = Float.floatToRawIntBits(x);
        if ((bits & 0x7f800000) == 0x7f800000) return x;   // inf / nan unchanged
        int rounded = bits + 0x7fff + ((bits >>> 16) & 1);
        return Float.intBitsToFloat(rounded & 0xffff0000);
    }
}
