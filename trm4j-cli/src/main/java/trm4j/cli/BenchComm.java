package trm4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import trm4j.dist.DataParallel;
import trm4j.dist.Mpi;
import trm4j.model.Act;
import trm4j.model.TrmConfig;
import trm4j.model.TrmModel;
import trm4j.nn.Param;
import trm4j.tensor.Parallel;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code trm bench comm}: the communication of one data-parallel training step of the paper's Sudoku models
 * against its compute. Bytes: the dense gradient (parameters × 4) that is summed over the ranks every step, what
 * each rank sends for it (2·(N−1)/N of it, as a ring all-reduce), and the all-gathered puzzle-embedding rows.
 * Seconds: measured for trm4j's deterministic sum (and MPI's own MPI_Allreduce, for comparison) when started by
 * mpirun; estimated at 1, 10 and 100 Gbit/s otherwise. The step's compute is measured at the local batch.
 */
@Command(name = "comm", mixinStandardHelpOptions = true,
        description = {"Benchmark the gradient communication of one data-parallel step against its compute.",
                "Alone: estimates for --ranks ranks. Under mpirun -np N: measured over the N ranks (rank 0 prints)."})
public final class BenchComm implements Callable<Integer> {
    @Option(names = "--configs", split = ",", defaultValue = "mlp_t,attention", description = "mlp_t and/or attention.")
    List<String> configs;
    @Option(names = "--global-batch", defaultValue = "768", description = "Global batch size (the paper's Sudoku recipe: 768).")
    int globalBatch;
    @Option(names = "--ranks", defaultValue = "8", description = "Ranks assumed for the estimates when not started by mpirun.")
    int assumedRanks;
    @Option(names = "--step-batch", defaultValue = "8",
            description = "Batch of the timed training step (0: skip); the per-step compute at the local batch is scaled from it.")
    int stepBatch;
    @Option(names = "--reps", defaultValue = "5", description = "Timed repetitions (after one warm-up); the median is reported.")
    int reps;

    @Override
    public Integer call() {
        try (DataParallel dp = DataParallel.fromEnvironment()) {
            int n = dp.distributed() ? dp.ranks() : assumedRanks;
            int local = globalBatch / n;
            for (String name : configs) {
                TrmConfig c = BenchModel.sudokuConfig(name.equals("mlp_t"));
                TrmModel model = new TrmModel(c);
                model.initialize(0);
                List<Param> params = model.trainable();
                long p = model.parameterCount();
                long gradBytes = p * Float.BYTES;
                double wire = 2.0 * (n - 1) / n * gradBytes;
                long rowBytes = (long) globalBatch * (c.puzzle_emb_ndim() + 1) * Float.BYTES;   // gathered (ids, rows)
                double rowWire = (double) (n - 1) / n * rowBytes;
                double sumMs = Double.NaN, mpiMs = Double.NaN;
                if (dp.distributed()) {
                    sumMs = median(() -> dp.sumGradients(params));
                    if (dp.comm() instanceof Mpi mpi) {
                        float[] flat = new float[Math.toIntExact(p)];
                        mpiMs = median(() -> mpi.allreduceSumUnordered(flat));
                    }
                }
                double stepMs = Double.NaN;
                if (stepBatch > 0) {
                    BenchModel bm = new BenchModel();
                    bm.reps = reps;
                    stepMs = BenchModel.median(bm.time(model, new Act(model, stepBatch), stepBatch, true)) * local / stepBatch;
                }
                if (!dp.writer()) continue;
                double bytes = wire + rowWire;
                System.out.println(String.format(Locale.ROOT,
                        "{\"config\": \"%s\", \"ranks\": %d, \"measured\": %b, \"params\": %d, \"gradient_bytes\": %d, \"wire_bytes_per_rank\": %.0f, "
                                + "\"puzzle_rows_bytes\": %d, \"deterministic_sum_ms\": %s, \"mpi_allreduce_ms\": %s, "
                                + "\"est_ms_1gbit\": %.1f, \"est_ms_10gbit\": %.2f, \"est_ms_100gbit\": %.3f, "
                                + "\"local_batch\": %d, \"threads\": %d, \"step_compute_ms\": %s}",
                        name, n, dp.distributed(), p, gradBytes, bytes, rowBytes, num(sumMs), num(mpiMs),
                        bytes * 8 / 1e9 * 1e3, bytes * 8 / 10e9 * 1e3, bytes * 8 / 100e9 * 1e3,
                        local, Parallel.threads(), num(stepMs)));
            }
        }
        return 0;
    }

    private static String num(double v) { return Double.isNaN(v) ? "null" : String.format(Locale.ROOT, "%.2f", v); }

    private double median(Runnable r) {
        double[] ms = new double[Math.max(1, reps)];
        r.run();
        for (int i = 0; i < ms.length; i++) {
            long t0 = System.nanoTime();
            r.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return BenchModel.median(ms);
    }
}
