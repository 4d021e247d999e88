package trm4j.model;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.*;
import static trm4j.nn.GradCheck.*;

/**
 * Gradient check of {@link Losses#compute}: d(scale·loss)/d logits and d(scale·loss)/d q_halt, where loss =
 * lm_loss (stablemax cross-entropy in float64, per-sequence mean over non-ignored labels, summed) + 0.5·Σ BCE(q_halt,
 * whole sequence right). Method ({@link trm4j.nn.GradCheck}): a double reference of the official {@code ACTLossHead} written here, central
 * differences in double (h = 1e-6) w.r.t. every logit and every q_halt, against the float32 gradients Losses
 * returns; relative ∞-norm error ≤ 1e-3; the reference loss equals Losses' loss within 1e-5 (relative). Labels
 * −100 must give exactly zero gradient (the buffer is pre-filled with garbage to see that it is written).
 */
class LossesGradientTest {
    static final int B = 4, L = 5, V = 7;

    static double stablemax(double x) { return x < 0 ? 1 / (1 - x + 1e-30) : x + 1; }

    /** scale·(lm_loss + 0.5·q_halt_loss) in double, straight from the specification. */
    static double referenceLoss(double[] logits, int[] labels, double[] qHalt, double scale) {
        double lm = 0, q = 0;
        for (int b = 0; b < B; b++) {
            int count = 0, correct = 0;
            double ce = 0;
            for (int t = 0; t < L; t++) {
                int o = (b * L + t) * V, y = labels[b * L + t];
                if (y == Losses.IGNORE) continue;
                count++;
                int arg = 0;
                double sum = 0;
                for (int v = 0; v < V; v++) {
                    if (logits[o + v] > logits[o + arg]) arg = v;
                    sum += stablemax(logits[o + v]);
                }
                if (arg == y) correct++;
                ce += -Math.log(stablemax(logits[o + y]) / sum);
            }
            lm += ce / Math.max(count, 1);
            double x = qHalt[b], target = correct == count ? 1 : 0;
            q += Math.max(x, 0) - x * target + Math.log(1 + Math.exp(-Math.abs(x)));
        }
        return scale * (lm + 0.5 * q);
    }

    @Test
    void gradientsMatchFiniteDifferencesAndIgnoredLabelsGetNone() {
        SplittableRandom rng = new SplittableRandom(101);
        float[] logits = new float[B * L * V];
        for (int i = 0; i < logits.length; i++) {
            float x;
            do { x = (float) (rng.nextDouble() * 8 - 4); } while (Math.abs(x) < 1e-3);   // both branches of s(x), off the kink
            logits[i] = x;
        }
        int[] labels = new int[B * L];
        for (int i = 0; i < labels.length; i++) labels[i] = rng.nextInt(V);
        // Slot 0: every label is the argmax (target 1) with one ignored; slot 1: mixed; slot 2: all ignored
        // (count 0: zero lm loss, target 1); slot 3: random labels.
        for (int t = 0; t < L; t++) {
            int o = t * V, best = 0;
            for (int v = 1; v < V; v++) if (logits[o + v] > logits[o + best]) best = v;
            labels[t] = best;
        }
        labels[2] = Losses.IGNORE;
        labels[L + 1] = Losses.IGNORE;
        labels[L + 3] = Losses.IGNORE;
        for (int t = 0; t < L; t++) labels[2 * L + t] = Losses.IGNORE;
        float[] qHalt = {1.3f, -0.7f, 2.1f, -2.6f};
        int[] steps = {1, 2, 3, 4};
        boolean[] halted = {true, false, true, true};
        double scale = 0.25;

        float[] dLogits = normal(rng, logits.length, 5), dQ = normal(rng, B, 5);   // garbage, must be overwritten
        Losses.Result r = Losses.compute(logits, labels, qHalt, steps, halted, B, L, V, scale, dLogits, dQ);
        double[] ld = toDouble(logits), qd = toDouble(qHalt);
        double ref = referenceLoss(ld, labels, qd, 1.0);
        double rel = Math.abs(r.loss() - ref) / Math.abs(ref);
        System.out.printf("[gradcheck] %-58s forward rel=%.2e%n", "Losses loss", rel);
        assertTrue(rel <= FORWARD_TOL, "loss " + r.loss() + " vs reference " + ref);
        assertEquals(1, r.metrics().exactAccuracy(), "slot 0 is right (slot 2 has no labels and does not count)");

        DoubleSupplier j = () -> referenceLoss(ld, labels, qd, scale);
        check("Losses d(scale·loss)/d logits", ld, dLogits, j, rng);
        check("Losses d(scale·loss)/d q_halt", qd, dQ, j, rng);
        for (int i = 0; i < labels.length; i++)
            if (labels[i] == Losses.IGNORE)
                for (int v = 0; v < V; v++)
                    assertEquals(0f, dLogits[i * V + v], "ignored label at [" + i / L + ", " + i % L + "] must give zero gradient");
    }
}
