package trm4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import trm4j.model.Act;
import trm4j.model.TrmConfig;
import trm4j.model.TrmModel;
import trm4j.model.Variant;
import trm4j.train.ConfigOverrides;
import trm4j.nn.Param;
import trm4j.tensor.Gemm;
import trm4j.tensor.Parallel;
import trm4j.train.AdamAtan2;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * {@code trm bench model}: time of one ACT step of the paper's Sudoku models (hidden 512, H_cycles 3, L_cycles 6,
 * 97 positions), forward only and a full training step (forward, loss, backward, optimizer), with the FLOP counts
 * of {@link #flopsPerApplication} turned into GFLOP/s.
 */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Benchmark one ACT step of the paper's Sudoku models.")
public final class BenchModel implements Callable<Integer> {
    @Option(names = "--configs", split = ",", defaultValue = "demo64,demo128,mlp_t,attention",
            description = "Models: demo<H> (the demo's 6x6 model at hidden size H, e.g. demo64, demo96, demo128), demo9_<H> "
                    + "(its 9x9 model), mlp_t, attention (the paper's Sudoku models), hrm, trm_singlez, trm_hier6, "
                    + "transformers_baseline (the official variants at paper size, config/arch defaults).")
    List<String> configs;
    @Option(names = "--batches", split = ",",
            description = "Batch sizes (default: 64 for the demo models, 8 and 32 for the paper's).")
    List<Integer> batches;
    @Option(names = "--threads", split = ",", defaultValue = "1,2", description = "Thread counts (default: 1,2).")
    List<Integer> threads;
    @Option(names = "--phases", split = ",", defaultValue = "forward,train_step",
            description = "forward (one eval-mode ACT step), train_step (forward, loss, backward, AdamATan2) and/or eval "
                    + "(puzzles/s of a trained checkpoint's test-set evaluation, full length and with early exit; needs --checkpoint).")
    List<String> phases;
    @Option(names = "--recompute", description = "Set arch.recompute_activations (recompute the last H cycle's activations in the backward pass instead of keeping them).")
    boolean recompute;
    @Option(names = "--warmup-steps", defaultValue = "2", description = "Untimed steps before timing (default 2; when this is > 0, warm-up also lasts 5 s after the first step and until the step times stop falling, at most 30 s).")
    int warmupSteps = 2;
    @Option(names = "--checkpoint", paramLabel = "RUN_DIR", description = "eval phase: a trained checkpoint or run folder (e.g. runs/demo after ./trm demo).")
    Path checkpoint;
    @Option(names = "--data", paramLabel = "DIR", description = "eval phase: data set with test/ (default: the checkpoint's; for runs/demo, runs/demo/data).")
    Path data;
    @Option(names = "--halt-threshold", paramLabel = "LOGIT", defaultValue = "0",
            description = "eval phase: early exit at the first q_halt logit above LOGIT (default 0, the official rule).")
    float haltThreshold;
    @Option(names = "--reps", defaultValue = "3", description = "Timed repetitions per case (after the warm-up, see --warmup-steps); the median is reported.")
    int reps;

    /** The named configs: the paper's Sudoku models (mlp_t, attention) and the demo's models (demo64, demo9_64, ...). */
    static TrmConfig config(String name) {
        return switch (name) {
            case "mlp_t" -> sudokuConfig(true);
            case "attention" -> sudokuConfig(false);
            default -> {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("demo(9_)?([1-9][0-9]{0,3})").matcher(name);
                if (m.matches()) yield demoConfig(m.group(1) != null ? 9 : 6, Integer.parseInt(m.group(2)));
                Variant v = Variant.byName(name);
                if (v == null || v == Variant.TRM || !v.archName.equals(name))
                    throw new UserError("--configs: unknown config '" + name + "'; use mlp_t, attention, demo<H> (the 6x6 demo "
                            + "model at hidden size H, e.g. demo64, demo96), demo9_<H> (the 9x9 one), hrm, trm_singlez, trm_hier6 "
                            + "or transformers_baseline");
                yield variantConfig(v);
            }
        };
    }

    /** A variant at paper size: its official config/arch defaults (HRM: hidden 512, 4+4 layers, 2×2 cycles) on Sudoku-Extreme shapes. */
    static TrmConfig variantConfig(Variant v) {
        Map<String, Object> a = new java.util.LinkedHashMap<>(ConfigOverrides.defaultArch(v));
        a.put("puzzle_emb_ndim", 512);
        a.put("seq_len", 81);
        a.put("vocab_size", 11);
        a.put("num_puzzle_identifiers", 1);
        a.put("forward_dtype", "float32");
        return TrmConfig.fromMap(a, "bench");
    }

    /**
     * The demo's model ({@code size}×{@code size} Sudoku + 4 puzzle positions, vocab size + 2): mlp_t, H_cycles 2,
     * L_cycles 2, 8 ACT steps.
     */
    static TrmConfig demoConfig(int size, int hidden) {
        return TrmConfig.fromMap(Map.ofEntries(
                Map.entry("hidden_size", hidden), Map.entry("num_heads", Math.max(1, hidden / 64)), Map.entry("expansion", 4),
                Map.entry("L_layers", 2), Map.entry("H_cycles", 2), Map.entry("L_cycles", 2), Map.entry("seq_len", size * size),
                Map.entry("vocab_size", size + 2), Map.entry("puzzle_emb_ndim", hidden), Map.entry("puzzle_emb_len", 4),
                Map.entry("num_puzzle_identifiers", 1), Map.entry("pos_encodings", "none"), Map.entry("mlp_t", true),
                Map.entry("halt_max_steps", 8), Map.entry("halt_exploration_prob", 0.1), Map.entry("forward_dtype", "float32")),
                "bench");
    }

    static TrmConfig sudokuConfig(boolean mlpT) {
        return TrmConfig.fromMap(Map.ofEntries(
                Map.entry("hidden_size", 512), Map.entry("num_heads", 8), Map.entry("expansion", 4), Map.entry("L_layers", 2),
                Map.entry("H_cycles", 3), Map.entry("L_cycles", 6), Map.entry("seq_len", 81), Map.entry("vocab_size", 11),
                Map.entry("puzzle_emb_ndim", 512), Map.entry("puzzle_emb_len", 16), Map.entry("num_puzzle_identifiers", 1),
                Map.entry("pos_encodings", mlpT ? "none" : "rope"), Map.entry("mlp_t", mlpT), Map.entry("halt_max_steps", 16),
                Map.entry("halt_exploration_prob", 0.1), Map.entry("forward_dtype", "float32")), "bench");
    }

    /** FLOPs per sample of one application of the 2-block network: 2 FLOPs per multiply-add of every GEMM. */
    static double flopsPerApplication(TrmConfig c) { return c.L_layers() * flopsPerBlock(c); }

    /** FLOPs per sample of one block: 2 FLOPs per multiply-add of every GEMM. */
    static double flopsPerBlock(TrmConfig c) {
        double S = c.totalSeqLen(), D = c.hidden_size();
        double inter = trm4j.nn.SwiGlu.intermediateSize(c.hidden_size(), c.expansion());
        double channel = S * (2 * D * 2 * inter + 2 * inter * D);
        double mixer;
        if (c.mlp_t()) {
            double it = trm4j.nn.SwiGlu.intermediateSize(c.totalSeqLen(), c.expansion());
            mixer = D * (2 * S * 2 * it + 2 * it * S);
        } else {
            mixer = S * (2 * (3 * D * D + D * D)) + 4 * S * S * D;
        }
        return channel + mixer;
    }

    static double flopsPerSample(TrmConfig c, boolean train) {
        double app = flopsPerApplication(c), n = c.L_cycles() + 1, T = c.H_cycles();
        double heads = 2.0 * c.hidden_size() * c.vocab_size() * c.totalSeqLen() + 2.0 * c.hidden_size() * 2;
        if (c.variant() != Variant.TRM) {
            // the schedule's applications; backward ≈ 2× the gradient ones; HRM's target adds a second forward
            double fwd = 0, grad = 0, block = flopsPerBlock(c);
            for (Variant.Apply a : c.variant().schedule(c.H_cycles(), c.L_cycles())) {
                double f = block * (a.hLevel() ? c.H_layers() : c.L_layers());
                fwd += f;
                if (a.grad()) grad += f;
            }
            if (!train) return fwd + heads;
            return (c.variant().bootstrapsContinue() ? 2 * fwd : fwd) + 2 * grad + 3 * heads;
        }
        return train ? n * (T + 2) * app + 3 * heads : T * n * app + heads;
    }

    @Override
    public Integer call() throws IOException {
        if (warmupSteps < 0) throw new UserError("--warmup-steps must be >= 0, got " + warmupSteps);
        if (reps < 1) throw new UserError("--reps must be >= 1, got " + reps);
        System.out.println(String.format(Locale.ROOT, "{\"gemm_backend\": \"%s\", \"processors\": %d}",
                Gemm.backend().name(), Runtime.getRuntime().availableProcessors()));
        if (phases.contains("eval")) {
            BenchEval.run(checkpoint, data, batches, threads, reps, haltThreshold);
            phases = phases.stream().filter(p -> !p.equals("eval")).toList();
            if (phases.isEmpty()) return 0;
        }
        for (String name : configs) {
            TrmConfig c = config(name);
            if (recompute) {
                Map<String, Object> m = new java.util.LinkedHashMap<>(c.toMap());
                m.put("recompute_activations", true);
                c = TrmConfig.fromMap(m, "bench");
            }
            TrmModel model = new TrmModel(c);
            model.initialize(0);
            // Non-zero Q head so that training-step halting varies as in a real run.
            List<Integer> bs = batches != null ? batches : name.startsWith("demo") ? List.of(64) : List.of(8, 32);
            for (int b : bs) {
                Act act = new Act(model, b);
                for (int t : threads) {
                    Parallel.setThreads(t);
                    for (String phase : phases) {
                        boolean train = phase.equals("train_step");
                        double[] ms = time(model, act, b, train);
                        double med = median(ms);
                        double gflops = flopsPerSample(c, train) * b / (med / 1e3) / 1e9;
                        System.out.println(String.format(Locale.ROOT,
                                "{\"config\": \"%s\", \"batch\": %d, \"threads\": %d, \"phase\": \"%s\", \"ms\": %.1f, \"samples_per_s\": %.3f, \"gflops\": %.2f, \"rss_mb\": %d, \"peak_rss_mb\": %d, \"all_ms\": %s}",
                                name, b, t, phase, med, b / (med / 1e3), gflops, memoryMb("VmRSS"), memoryMb("VmHWM"),
                                Arrays.toString(round(ms))));
                    }
                }
            }
        }
        return 0;
    }

    static final double WARMUP_SECONDS = 5, WARMUP_MAX_SECONDS = 30;

    double[] time(TrmModel model, Act act, int batch, boolean train) {
        TrmConfig c = model.config;
        SplittableRandom rng = new SplittableRandom(1);
        int L = c.seq_len(), V = c.vocab_size();
        int[] inputs = new int[batch * L], labels = new int[batch * L], pids = new int[batch];
        for (int i = 0; i < inputs.length; i++) { inputs[i] = 1 + rng.nextInt(V - 1); labels[i] = 2 + rng.nextInt(V - 2); }
        Act.Carry carry = act.initialCarry();
        Act.Exploration ex = Act.seeded(rng, c.halt_max_steps());
        AdamAtan2 adam = new AdamAtan2(0.9, 0.95, 1.0);
        List<Param> params = model.trainable();
        Runnable step = () -> {
            if (train) {
                act.backward(carry, act.stepLoss(carry, inputs, labels, pids, true, ex, 1.0 / batch, true));
                adam.step(params, 1e-4);
            } else {
                act.step(carry, inputs, labels, pids, false, ex);
            }
        };
        // Warm-up: at least --warmup-steps steps, and when that is > 0 also WARMUP_SECONDS after the first step (whose
        // time is mostly compilation) and until the steps stop getting faster (the median of the last 5 within 10 % of
        // the fastest so far), at most WARMUP_MAX_SECONDS. The JIT compiles the kernels over several seconds of running
        // (vector code runs ~100x slower before C2 compiles it), with two threads on cores the compiler threads share:
        // demo64's first timed steps after a 3 s warm-up took 2-4x their steady time.
        long maxEnd = System.nanoTime() + (long) (WARMUP_MAX_SECONDS * 1e9), warmEnd = 0;
        double[] last = new double[5];
        double best = Double.MAX_VALUE;
        for (int w = 0; w < warmupSteps || (warmupSteps > 0 && System.nanoTime() < maxEnd
                && (System.nanoTime() < warmEnd || w >= last.length && median(last) > 1.1 * best)); w++) {
            long t0 = System.nanoTime();
            step.run();
            long t1 = System.nanoTime();
            if (w == 0) warmEnd = t1 + (long) (WARMUP_SECONDS * 1e9);
            last[w % last.length] = (t1 - t0) / 1e6;
            best = Math.min(best, last[w % last.length]);
        }
        double[] ms = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            step.run();
            ms[r] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    /**
     * A memory figure of this process from /proc/self/status in MiB (VmRSS: resident now; VmHWM: peak resident
     * since start), or -1 where /proc is absent.
     */
    static long memoryMb(String field) {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")))
                if (line.startsWith(field + ":")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static double[] round(double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) r[i] = Math.round(v[i] * 10) / 10.0;
        return r;
    }
}
