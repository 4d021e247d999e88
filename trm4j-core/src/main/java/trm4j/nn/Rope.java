package trm4j.nn;

/**
 * Rotary position embedding, "rotate half" layout: pairs (j, j + d/2), the d/2 frequencies repeated twice.
 * Tables are computed in float32 as the official RotaryEmbedding does (inv_freq = 1/θ^(2i/d), angle = p·inv_freq).
 */
public final class Rope {
    final int positions, headDim;
    final float[] cos, sin;   // [positions, headDim]

    public Rope(int positions, int headDim, double theta) {
        this.positions = positions;
        this.headDim = headDim;
        int half = headDim / 2;
        cos = new float[positions * headDim];
        sin = new float[positions * headDim];
        float[] invFreq = new float[half];
        for (int i = 0; i < half; i++) {
            float exponent = (float) (2 * i) / (float) headDim;              // float32 as torch.arange(...)/dim
            invFreq[i] = (float) (1.0 / (float) Math.pow(theta, exponent));  // base ** x in float32, then 1/
        }
        for (int p = 0; p < positions; p++)
            for (int j = 0; j < headDim; j++) {
                float angle = (float) p * invFreq[j % half];
                cos[p * headDim + j] = (float) Math.cos(angle);
                sin[p * headDim + j] = (float) Math.sin(angle);
            }
    }

    public float[] cosTable() { return cos.clone(); }
    public float[] sinTable() { return sin.clone(); }

    /** In place on one head vector x[off .. off+d) at position p: x' = x·cos + rotate_half(x)·sin. */
    void apply(float[] x, int off, int p) {
        int half = headDim / 2, t = p * headDim;
        for (int j = 0; j < half; j++) {
            float a = x[off + j], b = x[off + j + half];
            x[off + j] = a * cos[t + j] - b * sin[t + j];
            x[off + j + half] = b * cos[t + j + half] + a * sin[t + j + half];
        }
    }

    /** In place: the gradient w.r.t. the un-rotated vector from the gradient g w.r.t. the rotated one. */
    void backward(float[] g, int off, int p) {
        int half = headDim / 2, t = p * headDim;
        for (int j = 0; j < half; j++) {
            float a = g[off + j], b = g[off + j + half];
            g[off + j] = a * cos[t + j] + b * sin[t + j + half];
            g[off + j + half] = -a * sin[t + j] + b * cos[t + j + half];
        }
    }
}
