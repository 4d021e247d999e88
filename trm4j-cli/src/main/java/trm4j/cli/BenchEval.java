package trm4j.cli;

import trm4j.checkpoint.Checkpoints;
import trm4j.checkpoint.LoadedCheckpoint;
import trm4j.data.PuzzleDataset;
import trm4j.eval.Evaluator;
import trm4j.tensor.Parallel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code eval} phase of {@code trm bench model}: a trained checkpoint's whole test-set evaluation timed both
 * ways, full length ({@link Evaluator#evaluate}, the official loop) and with early exit
 * ({@link Evaluator#evaluateHalting}), as puzzles/s with exact accuracy and mean ACT steps.
 */
final class BenchEval {
    private BenchEval() {}

    static void run(Path checkpoint, Path data, List<Integer> batches, List<Integer> threads, int reps, float haltThreshold) throws IOException {
        if (checkpoint == null) {
            System.out.println("{\"phase\": \"eval\", \"skipped\": \"the eval phase needs a trained checkpoint: --checkpoint RUN_DIR (e.g. runs/demo after ./trm demo)\"}");
            return;
        }
        LoadedCheckpoint ck = Checkpoints.load(checkpoint, new Checkpoints.Options(null, null, null, data));
        Path dir = data != null ? data : ck.dataDir();
        if (dir == null || !Files.isDirectory(dir.resolve("test")))
            throw new UserError("eval phase: no test split for " + checkpoint + "; give --data DIR (a data set folder with test/)");
        List<Integer> bs = batches != null ? batches
                : List.of(ck.train() != null ? Math.min(256, ck.train().globalBatchSize()) : 64);
        try (PuzzleDataset test = PuzzleDataset.open(dir, "test", false)) {
            long n = test.numExamples();
            for (int b : bs) {
                for (int t : threads) {
                    Parallel.setThreads(t);
                    double[] full = new double[reps], early = new double[reps];
                    Map<String, Map<String, Double>> fm = null, hm = null;
                    for (int r = -1; r < reps; r++) {   // r = -1: warm-up
                        long t0 = System.nanoTime();
                        fm = Evaluator.evaluate(ck.model(), test, b, null);
                        long t1 = System.nanoTime();
                        hm = Evaluator.evaluateHalting(ck.model(), test, b, haltThreshold, null);
                        long t2 = System.nanoTime();
                        if (r >= 0) { full[r] = (t1 - t0) / 1e9; early[r] = (t2 - t1) / 1e9; }
                    }
                    double fs = BenchModel.median(full), hs = BenchModel.median(early);
                    print(checkpoint, b, t, "full", n, fs, full, fm, "");
                    print(checkpoint, b, t, "halt", n, hs, early, hm, String.format(Locale.ROOT, ", \"halt_threshold\": %s, \"speedup\": %.2f", haltThreshold, fs / hs));
                }
            }
        }
    }

    private static void print(Path ck, int batch, int threads, String mode, long n, double s, double[] all,
                              Map<String, Map<String, Double>> m, String more) {
        System.out.println(String.format(Locale.ROOT,
                "{\"phase\": \"eval\", \"checkpoint\": \"%s\", \"batch\": %d, \"threads\": %d, \"mode\": \"%s\", \"puzzles\": %d, "
                        + "\"s\": %.3f, \"puzzles_per_s\": %.1f, \"exact_accuracy\": %.4f, \"accuracy\": %.4f, \"steps\": %.3f%s, \"all_s\": %s}",
                ck, batch, threads, mode, n, s, n / s, overall(m, "exact_accuracy"), overall(m, "accuracy"), overall(m, "steps"), more,
                Arrays.toString(Arrays.stream(all).map(x -> Math.round(x * 1000) / 1000.0).toArray())));
    }

    /** The count-weighted mean of a metric over the sets. */
    private static double overall(Map<String, Map<String, Double>> m, String key) {
        double sum = 0, count = 0;
        for (Map<String, Double> s : m.values()) { sum += s.get(key) * s.get("count"); count += s.get("count"); }
        return count == 0 ? 0 : sum / count;
    }
}
