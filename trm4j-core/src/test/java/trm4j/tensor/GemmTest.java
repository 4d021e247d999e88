package trm4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Vector and scalar GEMM against a double-precision reference (bound: see {@link GemmRef}). */
final class GemmTest {
    private static final int[][] SHAPES = {   // m, n, k
            {1, 1, 1}, {1, 7, 3}, {5, 1, 9}, {2, 3, 4}, {4, 16, 8}, {7, 13, 17}, {3, 40, 2}, {31, 37, 41},
            {64, 64, 64}, {97, 97, 64}, {97, 64, 97}, {13, 300, 257}, {150, 17, 520}, {211, 131, 263},
    };
    private final int savedThreads = Parallel.threads();

    @AfterEach
    void restore() { Parallel.setThreads(savedThreads); }

    private static List<GemmRef> problems() {
        List<GemmRef> list = new ArrayList<>();
        long seed = 1;
        for (int[] s : SHAPES)
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                float alpha = switch ((int) (seed % 3)) { case 0 -> 1f; case 1 -> 1.5f; default -> -0.625f; };
                float beta = switch ((int) (seed % 4)) { case 0 -> 0f; case 1 -> 1f; case 2 -> -0.75f; default -> 0f; };
                list.add(new GemmRef(seed++, ta, tb, s[0], s[1], s[2], alpha, beta));
            }
        return list;
    }

    @Test
    void vectorAndScalarMatchReferenceWithOneAndTwoThreadsBitIdentically() {
        GemmBackend[] backends = {new VectorGemm(), new ScalarGemm()};
        for (GemmRef p : problems()) {
            for (GemmBackend be : backends) {
                Parallel.setThreads(1);
                float[] one = p.run(be);
                p.check(one, be.name() + " 1 thread " + p.describe());
                Parallel.setThreads(2);
                float[] two = p.run(be);
                assertArrayEquals(one, two, be.name() + " 1 vs 2 threads must be bit-identical: " + p.describe());
            }
        }
    }

    @Test
    void largeProductIsThreadIndependentAcrossSeveralDepthBlocks() {
        // k spans 3 depth blocks and m several row blocks, so both splitting axes are exercised; 1,103 rows (not a
        // multiple of 4 or 6) take AVX-512's 6-row tiles on the full panels and 4-row ones on the last
        GemmRef p = new GemmRef(99, true, false, 1103, 203, 2 * Gemm.KC + 61, 1f, 0f);
        VectorGemm v = new VectorGemm();
        Parallel.setThreads(1);
        float[] one = p.run(v);
        p.check(one, "vector " + p.describe());
        assertArrayEquals(p.run(new ScalarGemm()), one, "vector and scalar: the same bits");
        Parallel.setThreads(2);
        assertArrayEquals(one, p.run(v));
        Parallel.setThreads(3);
        assertArrayEquals(one, p.run(v));
    }

    @Test
    void panelMajorTransposedAProductsMatchTheScalarBitsForAnyThreadCount() {
        // weight-gradient shapes (A transposed, deep, B too large for L2): panels packed one at a time; ragged rows and
        // last panel, several depth blocks, alpha/beta that take the scratch-tile store and ones that write C directly
        GemmRef[] problems = {
                new GemmRef(201, true, false, 45, 300, 900, 1.5f, -0.75f),
                new GemmRef(202, true, true, 45, 300, 900, 1f, 1f),
                new GemmRef(203, true, false, 130, 129, 2100, 1f, 0f),
                new GemmRef(204, true, false, 9, 40, 7000, -0.625f, 0f),   // one panel: one task
        };
        for (GemmRef p : problems) {
            assertTrue(VectorGemm.takesPanelMajor(p.transA, p.m, p.n, p.k), p.describe());
            Parallel.setThreads(1);
            float[] one = p.run(new VectorGemm());
            p.check(one, "vector " + p.describe());
            assertArrayEquals(p.run(new ScalarGemm()), one, "vector and scalar: the same bits " + p.describe());
            for (int t : new int[] {2, 3}) {
                Parallel.setThreads(t);
                assertArrayEquals(one, p.run(new VectorGemm()), t + " threads " + p.describe());
            }
        }
        assertFalse(VectorGemm.takesPanelMajor(false, 45, 300, 900), "only transposed A");
        assertFalse(VectorGemm.takesPanelMajor(true, 3072, 512, 3104), "A's depth block larger than L2");
    }

    @Test
    void zeroDepthOrZeroAlphaOnlyScalesC() {
        VectorGemm v = new VectorGemm();
        float[] c = {1f, 2f, 3f, Float.NaN};
        v.gemm(false, false, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 2f, c, 0, 2);
        assertArrayEquals(new float[] {2f, 4f, 6f, Float.NaN}, c);
        v.gemm(false, false, 2, 2, 1, 0f, new float[] {1, 1}, 0, 1, new float[] {1, 1}, 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[] {0f, 0f, 0f, 0f}, c);
    }

    @Test
    void batchedMatchesItemByItemAndIsThreadIndependent() {
        int batch = 7, m = 23, n = 19, k = 29;
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            int lda = ta ? m : k, ldb = tb ? k : n;
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(t);
            float[] a = new float[3 + batch * m * k], b = new float[1 + batch * k * n], c = new float[2 + batch * m * n];
            for (int i = 0; i < a.length; i++) a[i] = (float) rnd.nextDouble() - 0.5f;
            for (int i = 0; i < b.length; i++) b[i] = (float) rnd.nextDouble() - 0.5f;
            for (int i = 0; i < c.length; i++) c[i] = (float) rnd.nextDouble() - 0.5f;
            GemmBackend saved = Gemm.backend();
            try {
                Gemm.setBackend(new VectorGemm());
                float[] expect = c.clone();
                Parallel.setThreads(1);
                for (int i = 0; i < batch; i++)
                    Gemm.gemm(ta, tb, m, n, k, 0.5f, a, 3 + i * m * k, lda, b, 1 + i * k * n, ldb,
                            2f, expect, 2 + i * m * n, n);
                for (int threads = 1; threads <= 2; threads++) {
                    Parallel.setThreads(threads);
                    float[] got = c.clone();
                    Gemm.gemmBatched(batch, ta, tb, m, n, k, 0.5f, a, 3, lda, m * k, b, 1, ldb, k * n,
                            2f, got, 2, n, m * n);
                    assertArrayEquals(expect, got, "batched, " + threads + " threads, transpose combo " + t);
                }
                assertNotEquals(c[2], expect[2]);
            } finally {
                Gemm.setBackend(saved);
            }
        }
    }

    @Test
    void chooseFollowsTheSystemProperties() {
        String vector = System.getProperty("trm.vector"), blas = System.getProperty("trm.blas"),
                path = System.getProperty("trm.openblas.path");
        var err = System.err;
        var captured = new java.io.ByteArrayOutputStream();
        try {
            System.clearProperty("trm.blas");
            System.clearProperty("trm.vector");
            assertInstanceOf(VectorGemm.class, Gemm.choose());
            System.setProperty("trm.vector", "false");
            assertInstanceOf(ScalarGemm.class, Gemm.choose());
            System.setProperty("trm.blas", "openblas");
            System.setProperty("trm.openblas.path", "/nonexistent/libopenblas.so.0");
            System.setErr(new java.io.PrintStream(captured, true));
            assertInstanceOf(ScalarGemm.class, Gemm.choose());
            String warning = captured.toString();
            assertEquals(1, warning.lines().count(), warning);
            org.junit.jupiter.api.Assertions.assertTrue(warning.contains("/nonexistent/libopenblas.so.0"), warning);
        } finally {
            System.setErr(err);
            restore("trm.vector", vector);
            restore("trm.blas", blas);
            restore("trm.openblas.path", path);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) System.clearProperty(key); else System.setProperty(key, value);
    }
}
