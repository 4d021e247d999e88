package trm4j.model;

/**
 * The official ACTLossHead with stablemax cross-entropy: loss = lm_loss + 0.5·q_halt_loss, where lm_loss is the
 * per-sequence mean (over non-ignored labels) of the stablemax cross-entropy in float64, summed over the batch,
 * and q_halt_loss is the summed BCE of q_halt against "the whole sequence is right". Also the official metrics
 * and, for training, the gradients of {@code scale·loss} w.r.t. the logits and q_halt.
 */
public final class Losses {
    public static final int IGNORE = -100;

    private Losses() {}

    /** Metric sums over the slots that halted at this step and have at least one label (official keys). */
    public record Metrics(long count, float accuracy, long exactAccuracy, long qHaltAccuracy, long steps,
                          double lmLoss, float qHaltLoss) {}

    public record Result(double loss, Metrics metrics, int[] preds, boolean allHalted) {}

    /** The index of the first maximum of {@code logits[offset .. offset + vocab)} (torch.argmax): a position's prediction. */
    public static int argmax(float[] logits, int offset, int vocab) {
        int best = 0;
        for (int v = 1; v < vocab; v++) if (logits[offset + v] > logits[offset + best]) best = v;
        return best;
    }

    /** The predictions of {@code slot}'s positions: argmax over the vocabulary of logits [B, L, V] rows slot·L … slot·L + L. */
    public static int[] argmax(float[] logits, int slot, int len, int vocab) {
        int[] preds = new int[len];
        for (int t = 0; t < len; t++) preds[t] = argmax(logits, (slot * len + t) * vocab, vocab);
        return preds;
    }

    static double s(double x) { return x < 0 ? 1.0 / (1.0 - x + 1e-30) : x + 1.0; }

    static double ds(double x) { double d = 1.0 - x + 1e-30; return x < 0 ? 1.0 / (d * d) : 1.0; }

    /**
     * Computes loss and metrics; when {@code dLogits} is non-null also the gradients of {@code scale·loss}
     * (dLogits [B, L, V], dQHalt [B]).
     */
    // logits: [B, L, V]; labels: [B, L]; qHalt, steps, halted: [B]
    public static Result compute(float[] logits, int[] labels, float[] qHalt, int[] steps, boolean[] halted,
                                 int batch, int len, int vocab, double scale, float[] dLogits, float[] dQHalt) {
        int[] preds = new int[batch * len];
        long count = 0, exact = 0, qAcc = 0, stepSum = 0;
        float accuracy = 0f, qLoss = 0f;
        double lmLoss = 0;
        boolean all = true;
        double[] sv = new double[vocab];
        for (int b = 0; b < batch; b++) {
            int valid = 0, correct = 0;
            for (int t = 0; t < len; t++) {
                int best = argmax(logits, (b * len + t) * vocab, vocab);
                preds[b * len + t] = best;
                int y = labels[b * len + t];
                if (y != IGNORE && (y < 0 || y >= vocab))
                    throw new IllegalArgumentException("label " + y + " at example " + b + " position " + t
                            + " is neither a token id in [0, " + vocab + ") (vocab_size) nor the ignore label " + IGNORE);
                if (y != IGNORE) { valid++; if (best == y) correct++; }
            }
            int div = Math.max(valid, 1);
            boolean seqOk = correct == valid;
            for (int t = 0; t < len; t++) {
                int o = (b * len + t) * vocab, y = labels[b * len + t];
                if (y == IGNORE) {
                    if (dLogits != null) java.util.Arrays.fill(dLogits, o, o + vocab, 0f);
                    continue;
                }
                double sum = 0;
                for (int v = 0; v < vocab; v++) { sv[v] = s(logits[o + v]); sum += sv[v]; }
                lmLoss += -Math.log(sv[y] / sum) / div;
                if (dLogits != null) {
                    double g = scale / div;
                    for (int v = 0; v < vocab; v++) {
                        double d = ds(logits[o + v]) / sum;
                        if (v == y) d -= ds(logits[o + v]) / sv[v];
                        dLogits[o + v] = (float) (g * d);
                    }
                }
            }
            float x = qHalt[b], target = seqOk ? 1f : 0f;
            qLoss += (float) (Math.max(x, 0) - (double) x * target + Math.log1p(Math.exp(-Math.abs((double) x))));
            if (dQHalt != null) dQHalt[b] = (float) (0.5 * scale) * (float) (sigmoid(x) - target);
            all &= halted[b];
            if (halted[b] && valid > 0) {
                count++;
                accuracy += (float) correct / div;
                if (seqOk) exact++;
                if ((x >= 0f) == seqOk) qAcc++;
                stepSum += steps[b];
            }
        }
        double loss = lmLoss + 0.5 * qLoss;
        return new Result(loss, new Metrics(count, accuracy, exact, qAcc, stepSum, lmLoss, qLoss), preds, all);
    }

    /**
     * The bootstrapped Q-continue loss (HRM): Σ_b BCE-with-logits(q_continue, target), the summed float32 loss;
     * when {@code dQContinue} is non-null also the gradient of {@code scale·0.5·loss} w.r.t. q_continue [B].
     */
    // qContinue, target: [B]
    public static float qContinueLoss(float[] qContinue, float[] target, int batch, double scale, float[] dQContinue) {
        float loss = 0f;
        for (int b = 0; b < batch; b++) {
            double x = qContinue[b], y = target[b];
            loss += (float) (Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x))));
            if (dQContinue != null) dQContinue[b] = (float) (0.5 * scale) * (float) (sigmoid(x) - y);
        }
        return loss;
    }

    static double sigmoid(double x) { return 1.0 / (1.0 + Math.exp(-x)); }
}
