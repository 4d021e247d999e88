package trm4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import trm4j.nn.Attention;
import trm4j.tensor.FmaPeak;
import trm4j.tensor.Gemm;
import trm4j.tensor.GemmBackend;
import trm4j.tensor.OpenBlasGemm;
import trm4j.tensor.Parallel;

/**
 * {@code trm bench gemm}: GFLOP/s of the GEMM shapes of a TRM training step (those {@link BenchModel#flopsPerApplication} counts) against the measured
 * FMA peak and, when it loads, OpenBLAS measured in the same run (repetitions interleaved, medians reported).
 */
@Command(name = "gemm", mixinStandardHelpOptions = true,
        description = "GEMM throughput on the TRM shapes; one JSON line per case (first line: FMA peak).")
public final class BenchGemm implements Runnable {
    @Option(names = "--threads", split = ",", description = "Thread counts to measure (default: 1,2).")
    int[] threads = {1, 2};

    @Option(names = "--reps", description = "Timed repetitions per case; the median is reported (default: 5).")
    int reps = 5;

    @Option(names = "--quick", description = "Fewer shapes and repetitions (a smoke run).")
    boolean quick;

    @Option(names = "--no-openblas", description = "Do not compare with OpenBLAS even when it loads.")
    boolean noOpenBlas;

    /** One benchmark case: {@code batch} products of op(A)[m×k]·op(B)[k×n]. */
    record Case(String name, int batch, boolean transA, boolean transB, int m, int n, int k) {
        String shape() {
            String t = (transA ? "T" : "N") + (transB ? "T" : "N");
            return (batch > 1 ? batch + "x" : "") + m + "x" + k + "x" + n + " " + t;
        }
        double flops() { return 2.0 * batch * m * n * k; }
    }

    static List<Case> cases(boolean quick) {
        List<Case> c = new ArrayList<>();
        // The demo's hidden-64 model (batch 64, 40 positions): channel SwiGLU, token mixer, input and weight gradients.
        c.add(new Case("demo_gate_up", 1, false, true, 2560, 512, 64));
        c.add(new Case("demo_down", 1, false, true, 2560, 64, 256));
        c.add(new Case("demo_mixer_gate_up", 1, false, true, 4096, 512, 40));
        c.add(new Case("demo_mixer_down", 1, false, true, 4096, 40, 256));
        c.add(new Case("demo_input_grad", 1, false, false, 2560, 64, 512));
        c.add(new Case("demo_weight_grad", 1, true, false, 512, 64, 2560));
        c.add(new Case("gate_up", 1, false, false, 3104, 3072, 512));
        c.add(new Case("down", 1, false, false, 3104, 512, 1536));
        c.add(new Case("weight_grad_gate_up", 1, true, false, 512, 1536, 3104));
        if (!quick) {
            c.add(new Case("qkv", 1, false, false, 3104, 1536, 512));
            c.add(new Case("attn_scores", 256, false, true, 97, 97, 64));
            c.add(new Case("attn_values", 256, false, false, 97, 64, 97));
            c.add(new Case("token_mix_gate_up", 1, false, false, 16384, 1024, 97));
            c.add(new Case("token_mix_down", 1, false, false, 16384, 97, 512));
        }
        return c;
    }

    @Override
    public void run() {
        if (reps < 1) throw new UserError("--reps must be >= 1, got " + reps);
        for (int t : threads) if (t < 1) throw new UserError("--threads values must be >= 1, got " + t);
        int r = quick ? Math.min(reps, 3) : reps;
        ObjectMapper json = new ObjectMapper();
        GemmBackend java = Gemm.backend();
        GemmBackend blas = null;
        String blasNote = null;
        if (!noOpenBlas) {
            try { blas = OpenBlasGemm.load(); } catch (RuntimeException e) { blasNote = e.getMessage(); }
        }
        int saved = Parallel.threads();
        try {
            ObjectNode peakLine = json.createObjectNode();
            peakLine.put("case", "fma_peak");
            ObjectNode peaks = peakLine.putObject("peak_gflops");
            double[] peak = new double[threads.length];
            for (int i = 0; i < threads.length; i++) {
                peak[i] = FmaPeak.gflops(threads[i], quick ? 3 : 5, quick ? 20_000_000L : 50_000_000L);
                peaks.put(Integer.toString(threads[i]), round(peak[i]));
            }
            peakLine.put("backend", java.name());
            peakLine.put("openblas", blas != null ? blas.name() : "absent: " + blasNote);
            peakLine.put("jdk", Runtime.version().toString());
            peakLine.put("cpus", Runtime.getRuntime().availableProcessors());
            System.out.println(peakLine);
            // Warm-up of every case before any is timed, with the most threads asked for: the JIT compiles the tiles
            // over the first seconds, its threads on the cores the products run on (the two-thread figures of the
            // first cases moved by up to 2x between runs with only each case's own warm-up)
            Parallel.setThreads(Arrays.stream(threads).max().orElse(1));
            for (Case c : cases(quick)) {
                Data d = new Data(c);
                time(() -> run(java, c, d), quick ? 0.05 : 0.3);
            }
            for (Case c : cases(quick)) {
                Data d = new Data(c);
                for (int i = 0; i < threads.length; i++) {
                    Parallel.setThreads(threads[i]);
                    double[] tj = new double[r], tb = new double[r];
                    // Warm-up (JIT: vector code is slow until C2 compiles it; pack buffers; OpenBLAS thread start),
                    // then interleaved timed repetitions.
                    GemmBackend be = blas;
                    time(() -> run(java, c, d), 0.5);
                    if (be != null) time(() -> run(be, c, d), 0.5);
                    for (int rep = 0; rep < r; rep++) {
                        tj[rep] = time(() -> run(java, c, d), MIN_SECONDS);
                        if (be != null) tb[rep] = time(() -> run(be, c, d), MIN_SECONDS);
                    }
                    ObjectNode line = json.createObjectNode();
                    line.put("case", c.name());
                    line.put("shape", c.shape());
                    line.put("threads", threads[i]);
                    double g = c.flops() / median(tj) * 1e-9;
                    line.put("gflops", round(g));
                    line.put("peak_gflops", round(peak[i]));
                    line.put("fraction_of_peak", round3(g / peak[i]));
                    if (blas != null) {
                        double gb = c.flops() / median(tb) * 1e-9;
                        line.put("openblas_gflops", round(gb));
                        line.put("ratio_to_openblas", round3(g / gb));
                    }
                    line.put("reps", r);
                    System.out.println(line);
                }
            }
            Gemm.setBackend(java);
            if (!quick) attention(json, peak, r);
        } finally {
            Parallel.setThreads(saved);
            Gemm.setBackend(java);
        }
    }

    /** Random operands for one case, stored as the transposes say (A [k, m] when transA, etc.). */
    private static final class Data {
        final float[] a, b, c;
        Data(Case cs) {
            SplittableRandom rnd = new SplittableRandom(42);
            a = fill(new float[cs.batch() * cs.m() * cs.k()], rnd);
            b = fill(new float[cs.batch() * cs.k() * cs.n()], rnd);
            c = new float[cs.batch() * cs.m() * cs.n()];
        }
        private static float[] fill(float[] x, SplittableRandom rnd) {
            for (int i = 0; i < x.length; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
            return x;
        }
    }

    /** Each timed repetition repeats the product for at least this long (the demo's products take ~1 ms). */
    private static final double MIN_SECONDS = 0.05;

    /** Seconds per call of {@code body}, from repeating it for at least {@code seconds}. */
    private static double time(Runnable body, double seconds) {
        long t0 = System.nanoTime(), end = t0 + (long) (seconds * 1e9);
        int calls = 0;
        do { body.run(); calls++; } while (System.nanoTime() < end);
        return (System.nanoTime() - t0) * 1e-9 / calls;
    }

    /**
     * The attention model's attention proper as it runs in the model ({@link Attention#attend}: per batch item and
     * head, scores, softmax and values), at paper size: 32 items × 8 heads, 97 positions, head_dim 64. GFLOP/s of
     * its two products per head.
     */
    private void attention(ObjectMapper json, double[] peak, int r) {
        int batch = 32;
        Attention att = new Attention("bench", 512, 8, 97, null);
        Attention.Cache cache = att.new Cache(batch);
        att.fillQkvForBenchmark(cache, 42);
        for (int i = 0; i < threads.length; i++) {
            Parallel.setThreads(threads[i]);
            time(() -> att.attend(cache, 0, batch), 0.5);
            double[] ts = new double[r];
            for (int rep = 0; rep < r; rep++) ts[rep] = time(() -> att.attend(cache, 0, batch), MIN_SECONDS);
            double g = att.attendFlopsPerItem() * batch / median(ts) * 1e-9;
            ObjectNode line = json.createObjectNode();
            line.put("case", "attention_per_head");
            line.put("shape", batch + "x8 heads: 97x64x97 NT, softmax, 97x97x64 NN");
            line.put("threads", threads[i]);
            line.put("gflops", round(g));
            line.put("peak_gflops", round(peak[i]));
            line.put("fraction_of_peak", round3(g / peak[i]));
            line.put("reps", r);
            System.out.println(line);
        }
    }

    private static void run(GemmBackend be, Case c, Data d) {
        int lda = c.transA() ? c.m() : c.k(), ldb = c.transB() ? c.k() : c.n();
        if (c.batch() == 1) {
            be.gemm(c.transA(), c.transB(), c.m(), c.n(), c.k(), 1f, d.a, 0, lda, d.b, 0, ldb, 0f, d.c, 0, c.n());
        } else {
            Gemm.setBackend(be);
            Gemm.gemmBatched(c.batch(), c.transA(), c.transB(), c.m(), c.n(), c.k(), 1f,
                    d.a, 0, lda, c.m() * c.k(), d.b, 0, ldb, c.k() * c.n(), 0f, d.c, 0, c.n(), c.m() * c.n());
        }
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

    private static double round(double x) { return Math.round(x * 10) / 10.0; }

    private static double round3(double x) { return Math.round(x * 1000) / 1000.0; }
}
