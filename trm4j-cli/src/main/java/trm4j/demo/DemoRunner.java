package trm4j.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import trm4j.data.PuzzleDataset;
import trm4j.data.sudoku.SudokuDatasets;
import trm4j.data.sudoku.SudokuShape;
import trm4j.data.sudoku.SudokuSplit;
import trm4j.eval.Evaluator;
import trm4j.model.TrmModel;
import trm4j.checkpoint.CheckpointDir;
import trm4j.train.ConfigOverrides;
import trm4j.train.MetricsLog;
import trm4j.train.Progress;
import trm4j.train.TrainConfig;
import trm4j.train.Trainer;
import trm4j.train.plot.Plots;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The end-to-end demo: generate Sudoku puzzles, train a CPU-sized TRM for a time budget, evaluate the held-out
 * puzzles, save checkpoint, plots and a summary, and show how the model refines a few held-out puzzles.
 *
 * <p>Training runs the official loop ({@link Trainer}) in chunks of at most {@code chunkSteps} optimizer steps;
 * after each chunk the clock is checked and the next chunk is sized to end where the budget is predicted to
 * end (at the mean step rate so far), so the run ends cleanly at a step boundary with a checkpoint (earlier
 * chunk checkpoints are removed) close to its budget without a checkpoint every few steps. The trainer's
 * evaluation weights are evaluated: the raw ones for the 6×6 preset, an EMA of rate 0.995 (a horizon of about 200
 * steps) for 9×9, whose exact accuracy swings by several points from step to step otherwise. The official rate
 * 0.999 would still hold 0.999^n of the random initialisation after n steps (30 % after 1,200).
 *
 * <p>Layout of {@code out}: {@code data/} (the generated set), {@code step_N/} (checkpoint), {@code metrics.jsonl},
 * {@code plots/*.png}, {@code samples.txt} (the refinements shown), {@code demo.json} (config, results and the
 * held-out curve against training minutes).
 */
public final class DemoRunner {
    public static final String SUMMARY = "demo.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final DemoConfig config;
    private final Path out;
    private final PrintStream log;
    private final Progress progress;
    private final int samplesShown;

    /** {@code log} receives the narration and the refinements; {@code progress} the training bar. */
    public DemoRunner(DemoConfig config, Path out, PrintStream log, Progress progress, int samplesShown) {
        this.config = config;
        this.out = out;
        this.log = log;
        this.progress = progress;
        this.samplesShown = samplesShown;
    }

    public DemoResult run() throws IOException {
        long t0 = System.nanoTime();
        prepareOut();
        SudokuShape shape = SudokuShape.ofSize(config.size());
        Path data = out.resolve("data");
        TrainConfig tc = trainConfig(data);
        String augmentation = config.numAug() > 0 ? config.numAug() + " stored augmentations each for training"
                : tc.augment() != null ? "a fresh symmetry at every training draw" : "no augmentation";
        log.printf(Locale.ROOT, "Generating %d training + %d held-out %dx%d Sudoku puzzles (%s)...%n",
                config.trainPuzzles(), config.testPuzzles(), shape.n, shape.n, augmentation);
        SudokuDatasets.Generated g = SudokuDatasets.generate(data, config.size(), config.trainPuzzles(), config.testPuzzles(),
                config.numAug(), 0, config.seed());
        log.printf(Locale.ROOT, "  done in %.1f s -> %s%n", seconds(t0), data);

        long chunk = config.maxSteps() > 0 ? Math.min(config.chunkSteps(), config.maxSteps()) : config.chunkSteps();
        BudgetProgress bar = new BudgetProgress(progress, config.maxSteps(), config.trainSeconds());
        Trainer.Options options = new Trainer.Options(out, 0, 5, bar);
        long tTrain = System.nanoTime();
        Trainer.Outcome last;
        Map<String, Map<String, Double>> eval;
        DemoResult result;
        try (Trainer trainer = Trainer.start(tc, options)) {
            log.printf(Locale.ROOT, "Training a %,d-parameter TRM (hidden %s, H_cycles %s, L_cycles %s, %s ACT steps, batch %d) for %s...%n",
                    trainer.model().parameterCount(), tc.arch().get("hidden_size"), tc.arch().get("H_cycles"),
                    tc.arch().get("L_cycles"), tc.arch().get("halt_max_steps"), tc.globalBatchSize(), budgetText());
            while (true) {
                last = trainer.run(chunk);
                pruneCheckpoints(last.lastCheckpoint());
                double used = seconds(tTrain);
                if (config.maxSteps() > 0 ? last.step() >= config.maxSteps() : used >= config.trainSeconds()) break;
                if (last.finished()) break;
                if (config.maxSteps() > 0) {
                    chunk = Math.min(config.chunkSteps(), config.maxSteps() - last.step());
                } else {
                    // the next chunk ends at the predicted end of the budget, or after chunkSteps, whichever is first
                    long left = Math.round((config.trainSeconds() - used) * last.step() / used);
                    bar.expect(last.step() + left);
                    chunk = Math.clamp(left, 1, config.chunkSteps());
                }
            }
            bar.close();
            double trainSeconds = seconds(tTrain);
            log.printf(Locale.ROOT, "Trained %d steps in %.0f s (%.2f s/step); checkpoint %s%n", last.step(), trainSeconds,
                    trainSeconds / last.step(), last.lastCheckpoint());
            TrmModel model = trainer.evaluationModel();
            log.printf(Locale.ROOT, "Evaluating on %d held-out puzzles...%n", config.testPuzzles());
            double[] blank = new double[2];
            try (PuzzleDataset test = PuzzleDataset.open(data, "test")) {
                eval = Evaluator.evaluate(model, test, tc.globalBatchSize(), (set, b, preds, q) -> {
                    int L = b.seqLen();
                    for (int i = 0; i < b.effectiveSize() * L; i++)
                        if (b.inputs()[i] == 1) { blank[1]++; if (preds[i] == b.labels()[i]) blank[0]++; }
                });
            }
            Map<String, Double> m = eval.get("all");
            double blankCell = blank[0] / Math.max(1, blank[1]);
            result = new DemoResult(last.step(), trainSeconds, 0, m.get("exact_accuracy"), m.get("accuracy"), blankCell,
                    (int) Math.round(m.get("count")), last.lastCheckpoint(), config.passed(last.step(), m.get("exact_accuracy"), blankCell));
            showRefinements(model, shape, g.test());
        }
        logFinalEval(result, eval);
        List<Map<String, Object>> curve = curve(bar, result);
        writePlots();
        result = new DemoResult(result.steps(), result.trainSeconds(), seconds(t0), result.exact(), result.cell(),
                result.blankCell(), result.testPuzzles(), result.checkpoint(), result.passed());
        writeSummary(tc, result, curve);
        log.printf(Locale.ROOT, "Held-out %dx%d puzzles: exact %.1f%% (%d of %d solved), cells %.1f%%, blank cells %.1f%% after %d steps; total %.0f s%n",
                shape.n, shape.n, 100 * result.exact(), Math.round(result.exact() * result.testPuzzles()), result.testPuzzles(),
                100 * result.cell(), 100 * result.blankCell(), result.steps(), result.totalSeconds());
        return result;
    }

    private String budgetText() {
        return config.maxSteps() > 0 ? config.maxSteps() + " steps"
                : String.format(Locale.ROOT, "%.1f minutes", config.trainSeconds() / 60);
    }

    /** The official training config: the preset's overrides, then the data path, a never-reached epoch count. */
    TrainConfig trainConfig(Path data) {
        List<String> o = new ArrayList<>(config.overrides());
        // epochs only bound the nominal total (the schedule is constant after warm-up: lr_min_ratio 1)
        int every = config.evalEveryEpochs();
        o.add(0, "epochs=" + every * 100_000);
        o.add(1, "eval_interval=" + every);
        o.add("data_paths=[" + data.toAbsolutePath() + "]");
        o.add("seed=" + config.seed());
        o.add("+run_name=demo");
        o.add("checkpoint_path=" + out.toAbsolutePath());
        return ConfigOverrides.parse(o).withDefaultNames("demo");
    }

    /** Refuses to overwrite a folder that is not an earlier demo; clears an earlier demo's output. */
    private void prepareOut() throws IOException {
        if (Files.isDirectory(out)) {
            boolean empty;
            try (Stream<Path> s = Files.list(out)) { empty = s.findAny().isEmpty(); }
            if (!empty && !Files.isRegularFile(out.resolve(SUMMARY)) && !Files.isDirectory(out.resolve("data")))
                throw new IllegalArgumentException(out + ": folder is not empty and holds no earlier demo; give --out a new or empty folder");
            if (!empty) {
                log.println("Replacing the earlier demo in " + out);
                trm4j.io.AtomicFiles.deleteContents(out);
            }
        } else if (Files.exists(out)) {
            throw new IllegalArgumentException(out + ": exists and is not a folder; give --out a folder");
        }
        Files.createDirectories(out);
    }

    private void pruneCheckpoints(Path keep) throws IOException {
        if (keep == null) return;
        for (Path p : new CheckpointDir(out).list()) {
            if (!p.equals(keep)) trm4j.io.AtomicFiles.deleteTree(p);
        }
    }

    /** Shows the first held-out puzzles step by step: the input, each ACT step whose answer changed, the solution. */
    private void showRefinements(TrmModel model, SudokuShape shape, SudokuSplit test) throws IOException {
        StringBuilder text = new StringBuilder();
        int L = shape.cells;
        for (int k = 0; k < Math.min(samplesShown, test.examples()); k++) {
            byte[] q = new byte[L], a = new byte[L];
            for (int i = 0; i < L; i++) {
                q[i] = (byte) (test.inputs()[k * L + i] - 1);
                a[i] = (byte) (test.labels()[k * L + i] - 1);
            }
            List<Refinement.Step> steps = Refinement.run(model, q);
            int blanks = 0;
            for (byte v : q) if (v == 0) blanks++;
            text.append(String.format(Locale.ROOT, "Held-out puzzle %d (%d blanks); '*' marks a wrong cell, q = halting logit (> 0: would stop):%n",
                    k + 1, blanks));
            List<String> captions = new ArrayList<>();
            List<List<String>> grids = new ArrayList<>();
            captions.add("puzzle");
            grids.add(GridText.lines(shape, q, null));
            byte[] prev = null;
            for (int s = 0; s < steps.size(); s++) {
                Refinement.Step st = steps.get(s);
                boolean lastStep = s == steps.size() - 1;
                if (prev != null && java.util.Arrays.equals(prev, st.grid()) && !lastStep) continue;
                prev = st.grid();
                int wrong = 0;
                for (int i = 0; i < L; i++) if (st.grid()[i] != a[i]) wrong++;
                captions.add(String.format(Locale.ROOT, "step %d: %d wrong q %+.1f", s + 1, wrong, st.qHalt()));
                grids.add(GridText.lines(shape, st.grid(), a));
            }
            captions.add("solution");
            grids.add(GridText.lines(shape, a, null));
            int perRow = shape.n <= 6 ? 5 : 3;
            for (int from = 0; from < grids.size(); from += perRow) {
                int to = Math.min(grids.size(), from + perRow);
                text.append(GridText.sideBySide(captions.subList(from, to), grids.subList(from, to))).append('\n');
            }
        }
        log.print(text);
        Path file = out.resolve("samples.txt");
        trm4j.io.AtomicFiles.writeString(file, text);
    }

    /** Adds the final held-out evaluation to metrics.jsonl (the plots' last point) unless the trainer logged it. */
    private void logFinalEval(DemoResult r, Map<String, Map<String, Double>> eval) throws IOException {
        Path file = new CheckpointDir(out).metricsFile();
        for (Map<String, Object> rec : MetricsLog.read(file))
            if (MetricsLog.stepOf(rec) == r.steps() && rec.containsKey("all/exact_accuracy")) return;
        Map<String, Object> flat = new LinkedHashMap<>();
        eval.forEach((set, m) -> m.forEach((k, v) -> flat.put(set + "/" + k, v)));
        try (MetricsLog ml = new MetricsLog(file)) {
            ml.log(r.steps(), flat);
        }
    }

    private void writePlots() {
        try {
            List<Path> files = Plots.write(out);
            log.println("Plots: " + out.resolve("plots") + " (" + files.size() + " charts)");
        } catch (Exception | Error e) {
            log.println("Could not write plots: " + e.getMessage());
        }
    }

    /**
     * The held-out evaluations of this run against training time: step, minutes since training began (periodic
     * evaluations included, as the budget counts them; the final one at the end of training), exact and cell accuracy.
     */
    private List<Map<String, Object>> curve(BudgetProgress bar, DemoResult r) throws IOException {
        List<Map<String, Object>> points = new ArrayList<>();
        for (Map<String, Object> rec : MetricsLog.read(new CheckpointDir(out).metricsFile())) {
            long step = MetricsLog.stepOf(rec);
            if (!(rec.get("all/exact_accuracy") instanceof Number exact) || !(rec.get("all/accuracy") instanceof Number cell)) continue;
            double s = step == r.steps() ? r.trainSeconds() : bar.secondsAt(step);
            if (Double.isNaN(s)) continue;
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("step", step);
            p.put("minutes", Math.round(s / 60 * 1000) / 1000.0);
            p.put("exact_accuracy", exact.doubleValue());
            p.put("accuracy", cell.doubleValue());
            points.add(p);
        }
        return points;
    }

    private void writeSummary(TrainConfig tc, DemoResult r, List<Map<String, Object>> curve) throws IOException {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("size", config.size());
        s.put("train_puzzles", config.trainPuzzles());
        s.put("test_puzzles", config.testPuzzles());
        s.put("num_aug", config.numAug());
        s.put("seed", config.seed());
        s.put("train_budget_s", config.trainSeconds());
        s.put("max_steps", config.maxSteps());
        s.put("min_exact", config.minExact());
        s.put("steps", r.steps());
        s.put("train_s", r.trainSeconds());
        s.put("total_s", r.totalSeconds());
        s.put("exact_accuracy", r.exact());
        s.put("accuracy", r.cell());
        s.put("blank_cell_accuracy", r.blankCell());
        s.put("checkpoint", out.toAbsolutePath().relativize(r.checkpoint().toAbsolutePath()).toString());
        s.put("passed", r.passed());
        s.put("curve", curve);
        s.put("config", JSON.readTree(tc.toJson()));
        trm4j.io.AtomicFiles.writeString(out.resolve(SUMMARY), JSON.writeValueAsString(s) + "\n");
    }

    private static double seconds(long since) { return (System.nanoTime() - since) / 1e9; }
}
