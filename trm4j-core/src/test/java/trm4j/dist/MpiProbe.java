package trm4j.dist;

import trm4j.nn.Param;

import java.util.List;

/**
 * Run under mpirun by {@link MpiCollectivesTest}: every rank fills gradients it can also compute for the other
 * ranks, sums them with {@link DataParallel}, and prints one line per rank with the count of values that differ
 * from the rank-ordered float32 sum, plus the gathered and broadcast values.
 */
public final class MpiProbe {
    static float value(int rank, int i) { return (float) Math.sin(1.7 * i + 0.3 * rank) / (1 + rank) + 1e-3f * i; }

    public static void main(String[] args) {
        try (DataParallel dp = DataParallel.fromEnvironment()) {
            int rank = dp.rank(), n = dp.ranks();
            Param a = new Param("a", true, 1001), b = new Param("b", true, 37);
            for (int i = 0; i < 1001; i++) a.grad[i] = value(rank, i);
            for (int i = 0; i < 37; i++) b.grad[i] = value(rank, 1001 + i);
            dp.sumGradients(List.of(a, b));
            int wrong = 0;
            for (int i = 0; i < 1038; i++) {
                float want = value(0, i);
                for (int r = 1; r < n; r++) want += value(r, i);
                float got = i < 1001 ? a.grad[i] : b.grad[i - 1001];
                if (Float.floatToRawIntBits(got) != Float.floatToRawIntBits(want)) wrong++;
            }
            int[] ids = dp.allgather(new int[]{10 * rank, 10 * rank + 1});
            float[] w = {rank == 0 ? 2.5f : -1f, rank};
            dp.broadcastFromRoot(w);
            double[] s = dp.sum(new double[]{1, rank});
            System.out.println("probe rank " + rank + " of " + n + " wrong " + wrong + " ids " + java.util.Arrays.toString(ids)
                    + " bcast " + w[0] + "," + w[1] + " sum " + s[0] + "," + s[1]);
        }
    }
}
