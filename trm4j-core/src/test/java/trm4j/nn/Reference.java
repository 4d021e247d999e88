package trm4j.nn;

/**
 * Plain double-precision forwards of the model's layers, written from the official
 * {@code models/layers.py} (RoPE, SwiGLU, attention, RMS norm) with naive loops and no shared code with the main implementation. They are the
 * functions the gradient checks differentiate numerically. Layouts match the main code: row-major, x: [rows, width].
 */
public final class Reference {
    private Reference() {}

    /** y = x·Wᵀ + bias. */
    // x: [n, in]; w: [out, in]; bias: [out] or null → [n, out]
    public static double[] linear(double[] x, int n, int in, double[] w, double[] bias, int out) {
        double[] y = new double[n * out];
        for (int i = 0; i < n; i++)
            for (int o = 0; o < out; o++) {
                double s = bias == null ? 0 : bias[o];
                for (int k = 0; k < in; k++) s += x[i * in + k] * w[o * in + k];
                y[i * out + o] = s;
            }
        return y;
    }

    /** RMSNorm(a + b) per row: y = x / sqrt(mean(x²) + eps), no weight. */
    // a, b: [rows, width] (b may be null) → [rows, width]
    public static double[] addRms(double[] a, double[] b, int rows, int width, double eps) {
        double[] y = new double[rows * width];
        for (int r = 0; r < rows; r++) {
            double ss = 0;
            for (int j = 0; j < width; j++) {
                double x = a[r * width + j] + (b == null ? 0 : b[r * width + j]);
                y[r * width + j] = x;
                ss += x * x;
            }
            double inv = 1 / Math.sqrt(ss / width + eps);
            for (int j = 0; j < width; j++) y[r * width + j] *= inv;
        }
        return y;
    }

    public static double silu(double v) { return v / (1 + Math.exp(-v)); }

    /** act = silu(gate)·up with each row of gu = [gate | up]. */
    // gu: [rows, 2·inter] → [rows, inter]
    public static double[] swigluAct(double[] gu, int rows, int inter) {
        double[] a = new double[rows * inter];
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < inter; j++)
                a[r * inter + j] = silu(gu[r * 2 * inter + j]) * gu[r * 2 * inter + inter + j];
        return a;
    }

    /** SwiGLU: (silu(gate)·up)·W_dᵀ with [gate | up] = x·W_guᵀ. */
    // x: [rows, width]; wgu: [2I, width]; wd: [width, I] → [rows, width]
    public static double[] swiglu(double[] x, int rows, int width, double[] wgu, double[] wd, int inter) {
        double[] gu = linear(x, rows, width, wgu, null, 2 * inter);
        return linear(swigluAct(gu, rows, inter), rows, inter, wd, null, width);
    }

    /** RoPE tables in double: cos/sin[p][j] = cos/sin(p / θ^(2·(j mod d/2)/d)), the halves duplicated. */
    public static double[][] ropeTables(int positions, int headDim, double theta) {
        int half = headDim / 2;
        double[] cos = new double[positions * headDim], sin = new double[positions * headDim];
        for (int p = 0; p < positions; p++)
            for (int j = 0; j < headDim; j++) {
                double angle = p / Math.pow(theta, 2.0 * (j % half) / headDim);
                cos[p * headDim + j] = Math.cos(angle);
                sin[p * headDim + j] = Math.sin(angle);
            }
        return new double[][]{cos, sin};
    }

    /** In place on x[off .. off+d): x' = x·cos + rotate_half(x)·sin with rotate_half(x) = (−x₂, x₁). */
    public static void rope(double[] x, int off, int p, int headDim, double[][] tables) {
        int half = headDim / 2, t = p * headDim;
        double[] cos = tables[0], sin = tables[1];
        double[] rot = new double[headDim];
        for (int j = 0; j < half; j++) { rot[j] = -x[off + j + half]; rot[j + half] = x[off + j]; }
        for (int j = 0; j < headDim; j++) x[off + j] = x[off + j] * cos[t + j] + rot[j] * sin[t + j];
    }

    /** Row softmax. */
    // x: [rows, cols] → [rows, cols]
    public static double[] softmaxRows(double[] x, int rows, int cols) {
        double[] y = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < cols; j++) max = Math.max(max, x[r * cols + j]);
            for (int j = 0; j < cols; j++) sum += y[r * cols + j] = Math.exp(x[r * cols + j] - max);
            for (int j = 0; j < cols; j++) y[r * cols + j] /= sum;
        }
        return y;
    }

    /**
     * Non-causal multi-head attention (official {@code Attention}, no mask): qkv = x·W_qkvᵀ (Q heads, then K, then V), RoPE on Q and K when
     * tables are given, softmax(Q·Kᵀ/√d)·V per head, heads concatenated, then ·W_oᵀ.
     */
    // x: [B, S, D]; wqkv: [3D, D]; wo: [D, D] → [B, S, D]
    public static double[] attention(double[] x, int batch, int seq, int dim, int heads, double[] wqkv, double[] wo,
                                     double[][] ropeTables) {
        int hd = dim / heads, inner = heads * hd, d3 = 3 * inner;   // heads span inner <= dim (official head_dim = dim // heads)
        double[] qkv = linear(x, batch * seq, dim, wqkv, null, d3);
        if (ropeTables != null)
            for (int b = 0; b < batch; b++)
                for (int s = 0; s < seq; s++)
                    for (int h = 0; h < 2 * heads; h++) rope(qkv, (b * seq + s) * d3 + h * hd, s, hd, ropeTables);
        double scale = 1 / Math.sqrt(hd);
        double[] o = new double[batch * seq * inner];
        for (int b = 0; b < batch; b++)
            for (int h = 0; h < heads; h++) {
                double[] scores = new double[seq * seq];
                for (int i = 0; i < seq; i++)
                    for (int j = 0; j < seq; j++) {
                        double s = 0;
                        for (int c = 0; c < hd; c++)
                            s += qkv[(b * seq + i) * d3 + h * hd + c] * qkv[(b * seq + j) * d3 + inner + h * hd + c];
                        scores[i * seq + j] = s * scale;
                    }
                double[] p = softmaxRows(scores, seq, seq);
                for (int i = 0; i < seq; i++)
                    for (int c = 0; c < hd; c++) {
                        double s = 0;
                        for (int j = 0; j < seq; j++) s += p[i * seq + j] * qkv[(b * seq + j) * d3 + 2 * inner + h * hd + c];
                        o[(b * seq + i) * inner + h * hd + c] = s;
                    }
            }
        return linear(o, batch * seq, inner, wo, null, dim);
    }

    /** Transposes each of {@code batch} [rows, cols] matrices. */
    public static double[] transpose(double[] x, int batch, int rows, int cols) {
        double[] y = new double[x.length];
        for (int b = 0; b < batch; b++)
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++) y[b * rows * cols + j * rows + i] = x[b * rows * cols + i * cols + j];
        return y;
    }

    /** The mlp_t token mixer: hT = xᵀ; hT = RMS_S(hT + SwiGLU_S(hT)); back to [B, S, D]. */
    // x: [B, S, D]; wgu: [2I, S]; wd: [S, I] → [B, S, D]
    public static double[] tokenMixer(double[] x, int batch, int seq, int dim, double[] wgu, double[] wd, int inter, double eps) {
        double[] xT = transpose(x, batch, seq, dim);                              // [B, D, S]
        double[] m = swiglu(xT, batch * dim, seq, wgu, wd, inter);
        return transpose(addRms(xT, m, batch * dim, seq, eps), batch, dim, seq);
    }
}
