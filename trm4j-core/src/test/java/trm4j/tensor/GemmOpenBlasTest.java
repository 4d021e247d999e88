package trm4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** OpenBLAS agrees with the reference within float32 rounding (same bound as {@link GemmRef}); skipped without it. */
final class GemmOpenBlasTest {
    @Test
    void openBlasMatchesReference() {
        OpenBlasGemm blas;
        try {
            blas = OpenBlasGemm.load();
        } catch (IllegalStateException e) {
            Assumptions.assumeTrue(false, "OpenBLAS not installed, test skipped: " + e.getMessage());
            return;
        }
        int saved = Parallel.threads();
        try {
            long seed = 7;
            for (int[] s : new int[][] {{1, 1, 1}, {7, 13, 17}, {97, 64, 97}, {211, 131, 263}})
                for (int t = 0; t < 4; t++) {
                    GemmRef p = new GemmRef(seed++, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2],
                            1.25f, t == 0 ? 0f : -0.5f);
                    Parallel.setThreads(1);
                    float[] one = p.run(blas);
                    p.check(one, "openblas " + p.describe());
                    Parallel.setThreads(2);
                    p.check(p.run(blas), "openblas 2 threads " + p.describe());
                    // Vector and OpenBLAS differ only by float32 rounding: both are within the bound above.
                    p.check(p.run(new VectorGemm()), "vector " + p.describe());
                }
            float[] one = new GemmRef(1, false, false, 2, 2, 2, 1f, 0f).run(blas);
            assertArrayEquals(one, new GemmRef(1, false, false, 2, 2, 2, 1f, 0f).run(blas));
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
