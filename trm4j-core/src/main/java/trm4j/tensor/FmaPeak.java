package trm4j.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Measures the machine's fused-multiply-add peak with the Vector API: a tight loop of independent FMA chains
 * (12 accumulators cover 2 FMA pipes × 4-5 cycles latency), one loop per thread, all threads at once.
 */
public final class FmaPeak {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int CHAINS = 12;

    private FmaPeak() {}

    /** GFLOP/s (2 flops per lane per FMA) of {@code threads} concurrent loops; median of {@code reps}. */
    public static double gflops(int threads, int reps, long itersPerThread) {
        int saved = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            double[] sink = new double[threads];
            loop(itersPerThread / 10, 0, sink);                 // warm up / compile
            double[] rates = new double[reps];
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                Parallel.forEach(threads, t -> loop(itersPerThread, t, sink));
                double s = (System.nanoTime() - t0) * 1e-9;
                rates[r] = 2.0 * S.length() * CHAINS * itersPerThread * threads / s * 1e-9;
            }
            java.util.Arrays.sort(rates);
            if (Double.isNaN(sink[0])) throw new AssertionError();   // keeps the loops alive
            return rates[reps / 2];
        } finally {
            Parallel.setThreads(saved);
        }
    }

    private static void loop(long iters, int slot, double[] sink) {
        FloatVector x = FloatVector.broadcast(S, 0.999999f), y = FloatVector.broadcast(S, 1e-3f);
        FloatVector a0 = FloatVector.broadcast(S, 1f), a1 = a0.add(1f), a2 = a0.add(2f), a3 = a0.add(3f);
        FloatVector a4 = a0.add(4f), a5 = a0.add(5f), a6 = a0.add(6f), a7 = a0.add(7f);
        FloatVector a8 = a0.add(8f), a9 = a0.add(9f), a10 = a0.add(10f), a11 = a0.add(11f);
        for (long i = 0; i < iters; i++) {
            a0 = a0.fma(x, y); a1 = a1.fma(x, y); a2 = a2.fma(x, y); a3 = a3.fma(x, y);
            a4 = a4.fma(x, y); a5 = a5.fma(x, y); a6 = a6.fma(x, y); a7 = a7.fma(x, y);
            a8 = a8.fma(x, y); a9 = a9.fma(x, y); a10 = a10.fma(x, y); a11 = a11.fma(x, y);
        }
        FloatVector s = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11);
        sink[slot] = s.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
