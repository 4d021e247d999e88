package trm4j.nn;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite-difference gradient checking shared by the layer, block, model and loss tests.
 *
 * <p>Method: a test writes a plain double-precision reference forward of the layer, defines the scalar
 * objective J = Σ r ⊙ y with a fixed random r, and takes central differences of J (step {@link #H}) in double
 * w.r.t. every element of a tensor, or {@link #SAMPLE} random elements when it has more than {@link #ALL_UP_TO}.
 * The analytic gradient comes from the layer's float32 backward run with dy = r. The check passes when
 * ‖g_analytic − g_fd‖∞ / max(‖g_fd‖∞, tiny) ≤ {@link #GRAD_TOL} (float32 backward against double differences).
 * The reference must also reproduce the float32 forward within {@link #FORWARD_TOL} (relative, ∞-norm), so it is
 * really the same function.
 */
public final class GradCheck {
    private GradCheck() {}

    public static final double H = 1e-6;
    public static final double GRAD_TOL = 1e-3;
    public static final double FORWARD_TOL = 1e-5;
    public static final int ALL_UP_TO = 400;
    public static final int SAMPLE = 200;
    static final double TINY = 1e-30;
    /** A check whose finite differences are all below this would prove nothing. */
    static final double NOT_VACUOUS = 1e-6;

    /** Normal(0, std²) values, as float32. */
    public static float[] normal(SplittableRandom rng, int n, double std) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (rng.nextGaussian() * std);
        return x;
    }

    public static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return d;
    }

    public static double dot(double[] r, double[] y) {
        if (r.length != y.length) throw new IllegalArgumentException("length " + r.length + " vs " + y.length);
        double s = 0;
        for (int i = 0; i < r.length; i++) s += r[i] * y[i];
        return s;
    }

    /** Every index of a small tensor, or {@link #SAMPLE} distinct random indices (sorted) of a larger one. */
    public static int[] indices(int n, SplittableRandom rng) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        if (n <= ALL_UP_TO) return all;
        for (int i = 0; i < SAMPLE; i++) {
            int j = i + rng.nextInt(n - i);
            int t = all[i]; all[i] = all[j]; all[j] = t;
        }
        int[] pick = java.util.Arrays.copyOf(all, SAMPLE);
        java.util.Arrays.sort(pick);
        return pick;
    }

    /** Central differences dJ/dp[i] for i in idx; p is restored exactly. */
    public static double[] centralDifferences(double[] p, int[] idx, DoubleSupplier j) {
        double[] g = new double[idx.length];
        for (int k = 0; k < idx.length; k++) {
            int i = idx[k];
            double v = p[i], up = v + H, down = v - H;
            p[i] = up;
            double jp = j.getAsDouble();
            p[i] = down;
            double jm = j.getAsDouble();
            p[i] = v;
            g[k] = (jp - jm) / (up - down);
        }
        return g;
    }

    /** ‖g_a − g_fd‖∞ and ‖g_fd‖∞ over the indices idx, and the worst index: {diff, scale, worst}. */
    public static double[] compare(double[] p, float[] analytic, int aOff, int[] idx, DoubleSupplier j) {
        double[] fd = centralDifferences(p, idx, j);
        double diff = 0, scale = 0;
        int worst = idx.length == 0 ? -1 : idx[0];
        for (int k = 0; k < idx.length; k++) {
            double e = Math.abs(analytic[aOff + idx[k]] - fd[k]);
            if (e > diff) { diff = e; worst = idx[k]; }
            scale = Math.max(scale, Math.abs(fd[k]));
        }
        return new double[]{diff, scale, worst};
    }

    /**
     * Asserts that analytic[aOff + i] matches the central difference of J w.r.t. p[i] (sampled i); returns the
     * relative error ‖g_a − g_fd‖∞ / max(‖g_fd‖∞, tiny) and prints it.
     */
    public static double check(String what, double[] p, float[] analytic, int aOff, DoubleSupplier j, SplittableRandom rng) {
        int[] idx = indices(p.length, rng);
        double[] c = compare(p, analytic, aOff, idx, j);
        double scale = c[1], rel = c[0] / Math.max(scale, TINY);
        int w = (int) c[2];
        System.out.printf("[gradcheck] %-58s n=%4d/%-5d ‖g‖∞=%.3e rel=%.2e%n", what, idx.length, p.length, scale, rel);
        assertTrue(scale > NOT_VACUOUS, what + ": all finite differences vanish (‖g_fd‖∞ = " + scale + "), the check proves nothing");
        assertTrue(rel <= GRAD_TOL, () -> what + ": relative gradient error " + rel + " > " + GRAD_TOL
                + " (worst element " + w + ": analytic " + analytic[aOff + w] + ")");
        return rel;
    }

    public static double check(String what, double[] p, float[] analytic, DoubleSupplier j, SplittableRandom rng) {
        return check(what, p, analytic, 0, j, rng);
    }

    /** Relative ∞-norm distance of y32[off ..] from the double reference; asserts ≤ {@link #FORWARD_TOL}. */
    public static double checkForward(String what, float[] y32, int off, double[] ref) {
        double diff = 0, scale = 0;
        for (int i = 0; i < ref.length; i++) {
            diff = Math.max(diff, Math.abs(y32[off + i] - ref[i]));
            scale = Math.max(scale, Math.abs(ref[i]));
        }
        double rel = diff / Math.max(scale, TINY);
        System.out.printf("[gradcheck] %-58s forward rel=%.2e%n", what, rel);
        assertTrue(scale > NOT_VACUOUS, what + ": reference output is zero");
        assertTrue(rel <= FORWARD_TOL, what + ": float32 forward differs from the double reference by " + rel + " (relative)");
        return rel;
    }

    public static double checkForward(String what, float[] y32, double[] ref) { return checkForward(what, y32, 0, ref); }
}
