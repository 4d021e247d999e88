package trm4j.tensor;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Vector API bodies of {@link Ops} against the scalar loops (kept as the fallback) and against Math.exp. */
class VectorOpsTest {
    private static final int L = VectorOps.L;

    private static int ulps(float a, float b) {
        if (a == b) return 0;
        return Math.abs(Float.floatToIntBits(a) - Float.floatToIntBits(b));
    }

    @Test
    void expIsWithinTwoUlpsOfMathExpAndVectorEqualsScalar() {
        Random rnd = new Random(7);
        float[] x = new float[1 << 14], v = new float[x.length];
        for (int i = 0; i < x.length; i++) x[i] = (float) ((rnd.nextDouble() * 2 - 1) * 87);
        x[0] = 0f; x[1] = -87f; x[2] = 88f; x[3] = 1e-8f;
        for (int i = 0; i < x.length; i += L) VectorOps.exp(FloatVector.fromArray(VectorOps.S, x, i)).intoArray(v, i);
        int worst = 0;
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToIntBits(Ops.exp(x[i])), Float.floatToIntBits(v[i]), "lane twin at x=" + x[i]);
            worst = Math.max(worst, ulps((float) Math.exp(x[i]), v[i]));
        }
        assertTrue(worst <= 2, "exp worst error " + worst + " ulp");
        assertEquals(0f, Ops.exp(-200f));
        assertEquals(1f, Ops.exp(0f));
        assertTrue(Float.isNaN(Ops.exp(Float.NaN)));
    }

    @Test
    void expTwinHoldsAtAndBeyondTheClampBounds() {
        float[] edges = {Ops.X_MAX, Math.nextUp(Ops.X_MAX), Math.nextDown(Ops.X_MAX), 88.72f, 89f, 200f, Float.MAX_VALUE,
                Float.POSITIVE_INFINITY, Ops.X_MIN, Math.nextDown(Ops.X_MIN), Math.nextUp(Ops.X_MIN), -87.5f, -104f,
                -200f, -Float.MAX_VALUE, Float.NEGATIVE_INFINITY, Float.NaN, -0f, 0f, Float.MIN_VALUE};
        float[] x = new float[((edges.length + L - 1) / L) * L], v = new float[x.length];
        System.arraycopy(edges, 0, x, 0, edges.length);
        for (int i = 0; i < x.length; i += L) VectorOps.exp(FloatVector.fromArray(VectorOps.S, x, i)).intoArray(v, i);
        for (int i = 0; i < x.length; i++)
            assertEquals(Float.floatToIntBits(Ops.exp(x[i])), Float.floatToIntBits(v[i]), "lane twin at x=" + x[i]);
        assertEquals(Ops.exp(Ops.X_MAX), Ops.exp(Float.POSITIVE_INFINITY));   // clamped above: finite
        assertTrue(Float.isFinite(Ops.exp(Ops.X_MAX)) && Ops.exp(Ops.X_MAX) > 1e38f);
        assertEquals(0f, Ops.exp(Float.NEGATIVE_INFINITY));
        assertTrue(Ops.exp(Ops.X_MIN) > 0f);
    }

    @Test
    void softmaxRowsEqualTheScalarLoopBitForBit() {
        // the vector path runs in groups of rows, one pass per step: several groups, ragged widths, saturated rows
        Random rnd = new Random(29);
        for (int width : new int[] {1, 7, 16, 33, 97, 200, 5000}) {
            for (int rows : new int[] {1, 3, 100}) {
                float[] x = gauss(rnd, rows * width + 3);
                for (int i = 0; i < x.length; i += 7) x[i] *= 60f;     // exps that underflow to 0
                x[3] = Float.NEGATIVE_INFINITY;                             // inside the first row (or its own row of width 1)
                float[] v = x.clone(), s = x.clone();
                VectorOps.softmaxRows(v, 2, rows, width);
                Ops.softmaxRowsScalar(s, 2, rows, width);
                for (int i = 0; i < x.length; i++)
                    assertEquals(Float.floatToIntBits(s[i]), Float.floatToIntBits(v[i]), "width " + width + " rows " + rows + " element " + i);
            }
        }
    }

    @Test
    void rowDotsEqualTheScalarDotBitForBit() {
        Random rnd = new Random(11);
        for (int width : new int[] {1, 7, 16, 40, 64, 97, 512}) {
            for (int rows : new int[] {1, L - 1, L, 2 * L + 3}) {
                int stride = width + 5;   // rows apart by more than their width
                float[] a = gauss(rnd, rows * stride + 2), b = gauss(rnd, rows * stride + 3);
                float[] got = new float[rows + 4];
                java.util.Arrays.fill(got, Float.NaN);
                VectorOps.dots(a, 2, b, 3, stride, width, rows, got, 2, new float[VectorOps.DOTS_SCRATCH]);
                for (int i = 0; i < rows; i++)
                    assertEquals(Float.floatToIntBits(Ops.dot(a, 2 + i * stride, b, 3 + i * stride, width)),
                            Float.floatToIntBits(got[2 + i]), "row " + i + " of " + rows + ", width " + width);
                assertTrue(Float.isNaN(got[0]) && Float.isNaN(got[1]) && Float.isNaN(got[rows + 2]), "wrote outside its rows");
            }
        }
    }

    /** A float of random sign and a magnitude spread over 10^lo .. 10^hi (as the optimizer's moments are). */
    private static float spread(Random rnd, int lo, int hi) {
        return (float) ((rnd.nextBoolean() ? 1 : -1) * Math.pow(10, lo + rnd.nextDouble() * (hi - lo)));
    }

    @Test
    void atan2LanesEqualStrictMathBitForBit() {
        Random rnd = new Random(5);
        int n = 1 << 16, ld = VectorOps.DS.length();
        double[] y = new double[n], x = new double[n];
        int k = 0;
        // |y/x| at and around fdlibm's interval bounds (x = 1 takes its atan(y) path, x = 2 the division)
        for (double b : new double[] {0.4375, 0.6875, 1.1875, 2.4375, 0x1p-29, 0x1p60, 0x1p66, 1, 0.5, 1.5}) {
            float f = (float) b;
            for (float t : new float[] {f, Math.nextUp(f), Math.nextDown(f)}) {
                for (float sx : new float[] {1f, 2f, 0.75f}) { y[k] = t * sx; x[k++] = sx; y[k] = -t * sx; x[k++] = sx; }
            }
        }
        float[] special = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1e-30f, 3e-9f, 1f};
        for (float a : special) for (float b : special) { y[k] = a; x[k++] = Math.abs(b); }
        while (k < n) {
            y[k] = spread(rnd, -40, 38);
            x[k++] = rnd.nextInt(50) == 0 ? 0f : Math.abs(spread(rnd, -40, 38));
        }
        double[] got = new double[n];
        for (int i = 0; i < n; i += ld)
            VectorOps.atan2NonNegativeX(jdk.incubator.vector.DoubleVector.fromArray(VectorOps.DS, y, i),
                    jdk.incubator.vector.DoubleVector.fromArray(VectorOps.DS, x, i)).intoArray(got, i);
        for (int i = 0; i < n; i++)
            assertEquals(Double.doubleToRawLongBits(StrictMath.atan2(y[i], x[i])), Double.doubleToRawLongBits(got[i]),
                    "atan2(" + y[i] + ", " + x[i] + ")");
    }

    @Test
    void adamAtan2VectorEqualsScalarLoop() {
        Random rnd = new Random(9);
        int n = 1003;
        float[] w = new float[n], g = new float[n], m = new float[n], v = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) rnd.nextGaussian();
            g[i] = rnd.nextInt(10) == 0 ? 0f : spread(rnd, -12, 1);
            m[i] = rnd.nextInt(10) == 0 ? 0f : spread(rnd, -12, 0);
            v[i] = rnd.nextInt(10) == 0 ? 0f : Math.abs(spread(rnd, -20, 0));
        }
        g[17] = Float.NaN; g[40] = Float.POSITIVE_INFINITY; m[333] = Float.NEGATIVE_INFINITY; g[500] = -0f; m[500] = -0f;
        float[] w0 = w.clone(), w2 = w.clone(), m2 = m.clone(), v2 = v.clone();
        for (int step = 1; step <= 3; step++) {   // moments carried over between steps, as in training
            VectorOps.adamAtan2(w, g, m, v, 3, n, 1e-3f * step, 0.9999f, 0.3f, 0.1f, 0.05f);
            Ops.adamAtan2Scalar(w2, g, m2, v2, 3, n, 1e-3f * step, 0.9999f, 0.3f, 0.1f, 0.05f);
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToRawIntBits(w2[i]), Float.floatToRawIntBits(w[i]), "w[" + i + "] step " + step);
                assertEquals(Float.floatToRawIntBits(m2[i]), Float.floatToRawIntBits(m[i]), "m[" + i + "] step " + step);
                assertEquals(Float.floatToRawIntBits(v2[i]), Float.floatToRawIntBits(v[i]), "v[" + i + "] step " + step);
            }
        }
        assertTrue(Float.isNaN(w[17]), "a NaN gradient propagates");
        assertEquals(w0[2], w[2], "elements before from are untouched");
        assertTrue(w[1002] != w0[1002], "the last element is updated");
    }

    /** Relative error of each element against the scalar reference, over the row's scale. */
    private static void assertNear(String what, float[] ref, float[] got, double tol) {
        double scale = 0;
        for (float r : ref) scale = Math.max(scale, Math.abs(r));
        for (int i = 0; i < ref.length; i++)
            assertTrue(Math.abs(ref[i] - got[i]) <= tol * scale, what + "[" + i + "]: " + ref[i] + " vs " + got[i]);
    }

    @Test
    void rowKernelsMatchTheScalarLoops() {
        Random rnd = new Random(3);
        int rows = 5, width = 2 * L + 3, inter = L + 5;   // vector body plus scalar tail
        float[] a = gauss(rnd, rows * width), b = gauss(rnd, rows * width);
        float[] gu = gauss(rnd, rows * 2 * inter), dact = gauss(rnd, rows * inter);
        // addRmsNorm
        float[] ref = new float[rows * width], got = new float[rows * width], rRef = new float[rows], rGot = new float[rows];
        for (int r = 0; r < rows; r++) {
            float ss = 0f;
            for (int j = 0; j < width; j++) { float x = a[r * width + j] + b[r * width + j]; ref[r * width + j] = x; ss += x * x; }
            rRef[r] = Ops.rmsInv(ss, width, 1e-5f);
            for (int j = 0; j < width; j++) ref[r * width + j] *= rRef[r];
        }
        VectorOps.addRmsNormRows(a, 0, b, 0, got, 0, rGot, 0, 0, rows, width, 1e-5f);
        assertNear("addRmsNorm", ref, got, 1e-6);
        assertNear("rInv", rRef, rGot, 1e-6);
        // rmsNormBackward
        for (int r = 0; r < rows; r++) {
            float dot = 0f;
            for (int j = 0; j < width; j++) dot += a[r * width + j] * b[r * width + j];
            for (int j = 0; j < width; j++) ref[r * width + j] = rRef[r] * (a[r * width + j] - b[r * width + j] * (dot / width));
        }
        VectorOps.rmsNormBackwardRows(a, 0, b, 0, rRef, 0, got, 0, 0, rows, width);
        assertNear("rmsNormBackward", ref, got, 1e-6);
        // swiglu and backward
        float[] actRef = new float[rows * inter], actGot = new float[rows * inter];
        float[] dRef = new float[rows * 2 * inter], dGot = new float[rows * 2 * inter];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < inter; j++) {
                double g = gu[r * 2 * inter + j], u = gu[r * 2 * inter + inter + j], d = dact[r * inter + j];
                double s = 1 / (1 + Math.exp(-g));
                actRef[r * inter + j] = (float) (g * s * u);
                dRef[r * 2 * inter + j] = (float) (d * u * s * (1 + g * (1 - s)));
                dRef[r * 2 * inter + inter + j] = (float) (d * g * s);
            }
            VectorOps.swigluRow(gu, r * 2 * inter, actGot, r * inter, inter);
            VectorOps.swigluBackwardRow(dact, r * inter, gu, r * 2 * inter, dGot, r * 2 * inter, inter);
        }
        assertNear("swiglu", actRef, actGot, 1e-6);
        assertNear("swigluBackward", dRef, dGot, 1e-6);
        // softmax and backward
        float[] p = a.clone(), pRef = new float[rows * width], dp = b.clone(), dpRef = new float[rows * width];
        VectorOps.softmaxRows(p, 0, rows, width);
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0, dot = 0;
            for (int j = 0; j < width; j++) max = Math.max(max, a[r * width + j]);
            for (int j = 0; j < width; j++) sum += Math.exp(a[r * width + j] - max);
            for (int j = 0; j < width; j++) pRef[r * width + j] = (float) (Math.exp(a[r * width + j] - max) / sum);
            for (int j = 0; j < width; j++) dot += (double) b[r * width + j] * p[r * width + j];
            for (int j = 0; j < width; j++) dpRef[r * width + j] = (float) (p[r * width + j] * (b[r * width + j] - dot));
        }
        VectorOps.softmaxBackwardRows(p, 0, dp, 0, rows, width);
        assertNear("softmax", pRef, p, 1e-6);
        assertNear("softmaxBackward", dpRef, dp, 1e-5);
    }

    private static float[] gauss(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return a;
    }
}
