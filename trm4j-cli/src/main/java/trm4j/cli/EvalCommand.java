package trm4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import trm4j.checkpoint.Checkpoints;
import trm4j.checkpoint.LoadedCheckpoint;
import trm4j.data.BatchSampler;
import trm4j.data.PuzzleDataset;
import trm4j.data.TaskFamily;
import trm4j.eval.Evaluator;
import trm4j.eval.TaskEvaluators;
import trm4j.train.Progress;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code trm eval}: the official evaluation of a checkpoint on a data set's test split: per set count, accuracy,
 * exact_accuracy, q_halt_accuracy, steps and losses; for ARC also ARC/pass@k from the voted answers (and the
 * Kaggle submission); for mazes the valid-optimal-path and exact rates.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a checkpoint on the test split of a data set (official metrics; ARC pass@k; maze path metrics).")
public final class EvalCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin CheckpointOptions model;

    @Option(names = "--data", paramLabel = "DIR", description = "Data set folder with test/ (default: the checkpoint's data_paths_test or data_paths).")
    Path data;
    @Option(names = "--batch", paramLabel = "N", description = "Examples per batch (default: the run's global_batch_size, at most 256; results do not depend on it).")
    Integer batch;
    @Option(names = "--task", paramLabel = "KIND", description = "sudoku, maze, arc or tokens (default: from the data set / model shape).")
    String task;
    @Option(names = "--no-aggregate", description = "ARC: vote per checkpoint instead of over all checkpoints evaluated so far (official aggregated_voting = false).")
    boolean noAggregate;
    @Option(names = "--submission", paramLabel = "FILE", description = "ARC: write the Kaggle submission JSON (top-2 attempts per test input).")
    Path submission;
    @Option(names = "--format", defaultValue = "text", paramLabel = "FMT", description = "text (default) or json.")
    String format;
    @Option(names = "--halt", description = "Also evaluate with early exit (each puzzle stops at its first step with q_halt > 0; "
            + "freed batch slots take the next puzzle) and print both evaluations side by side, with puzzles/s.")
    boolean halt;
    @Mixin HaltThresholdOption haltThreshold;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Integer call() throws IOException {
        if (!format.equals("text") && !format.equals("json")) throw new UserError("--format must be text or json, got " + format);
        if (batch != null && batch < 1) throw new UserError("--batch must be >= 1, got " + batch);
        Float earlyExit = haltThreshold.earlyExit(halt);
        halt = earlyExit != null;
        float threshold = halt ? earlyExit : 0f;
        LoadedCheckpoint ck = model.load(data);
        Path dataDir = data != null ? data : ck.dataDir();
        if (dataDir == null)
            throw new UserError("no data set: give --data DIR (the checkpoint names " + Checkpoints.dataDirOf(ck.train()) + ", which is not here)");
        if (!Files.isDirectory(dataDir.resolve("test")))
            throw new UserError(dataDir + ": no test/ split (build the data set with trm data …, or point --data at its folder)");
        TaskFamily kind = task != null ? TaskFamily.parse(task) : TaskFamily.detect(ck.config().vocab_size(), ck.config().seq_len(), dataDir);
        int b = batch != null ? batch : ck.train() != null ? Math.min(256, ck.train().globalBatchSize()) : 64;

        Map<String, Map<String, Double>> metrics, haltMetrics = null;
        Map<String, Double> extra = new LinkedHashMap<>(), haltExtra = new LinkedHashMap<>();
        double fullSeconds, haltSeconds = 0;
        long examples;
        try (PuzzleDataset test = PuzzleDataset.open(dataDir, "test", false)) {
            if (test.metadata().seqLen() != ck.config().seq_len() || test.metadata().vocabSize() > ck.config().vocab_size())
                throw new UserError(dataDir + "/test: seq_len " + test.metadata().seqLen() + ", vocab_size " + test.metadata().vocabSize()
                        + " do not fit the model (seq_len " + ck.config().seq_len() + ", vocab_size " + ck.config().vocab_size() + ")");
            if (test.metadata().numPuzzleIdentifiers() > ck.config().num_puzzle_identifiers())
                throw new UserError(dataDir + "/test: num_puzzle_identifiers " + test.metadata().numPuzzleIdentifiers()
                        + " exceeds the model's " + ck.config().num_puzzle_identifiers() + " (a different data set?)");
            // the evaluators the checkpoint's config names (a submission asks for ARC's); none named without a config
            List<Map<String, Object>> named = ck.train() == null ? null : new ArrayList<>(ck.train().evaluators());
            if (submission != null && named != null && named.stream().noneMatch(e -> TaskEvaluators.ARC.equals(e.get("name"))))
                named.add(Map.of("name", TaskEvaluators.ARC));
            TaskEvaluators tasks = TaskEvaluators.of(named, dataDir, kind, ck.config().seq_len(), noAggregate ? false : null);
            tasks.begin();
            if (submission != null && !tasks.arc()) throw new UserError("--submission needs an ARC data set (test_puzzles.json in " + dataDir + ")");
            examples = test.numExamples();
            long total = BatchSampler.testBatchCount(test, b);
            long[] done = {0};
            long t0 = System.nanoTime();
            try (Progress progress = Progress.terminal(b, "batch")) {
                metrics = Evaluator.evaluate(ck.model(), test, b, (set, batchData, preds, qHalt) -> {
                    tasks.batch(set, batchData, preds, qHalt);
                    progress.update(++done[0], total, Map.of());
                });
            } catch (IllegalArgumentException e) {
                // the test split is opened without its token scan (seconds for ARC): a bad token surfaces here
                throw new UserError(test.dir() + ": " + e.getMessage() + " (a corrupt data set, or not the one this model was trained on)", e);
            }
            fullSeconds = (System.nanoTime() - t0) / 1e9;
            extra.putAll(tasks.metrics(submission));
            if (halt) {
                TaskEvaluators tasksHalt = TaskEvaluators.of(named, dataDir, kind, ck.config().seq_len(), noAggregate ? false : null);
                tasksHalt.begin();
                long[] halted = {0};
                long t1 = System.nanoTime();
                try (Progress progress = Progress.terminal(1, "puzzle")) {
                    haltMetrics = Evaluator.evaluateHalting(ck.model(), test, b, threshold, (set, one, preds, qHalt) -> {
                        tasksHalt.batch(set, one, preds, qHalt);
                        if (++halted[0] % 64 == 0 || halted[0] == examples) progress.update(halted[0], examples, Map.of());
                    });
                }
                haltSeconds = (System.nanoTime() - t1) / 1e9;
                haltExtra.putAll(tasksHalt.metrics(null));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (halt) {
            printSideBySide(out, ck.source().toString(), dataDir, kind, b, threshold, metrics, extra, haltMetrics, haltExtra,
                    examples / fullSeconds, examples / haltSeconds);
        } else if (format.equals("json")) {
            ObjectNode o = JSON.createObjectNode();
            o.put("checkpoint", ck.source().toString());
            o.put("data", dataDir.toString());
            metrics.forEach((set, m) -> { ObjectNode s = o.putObject(set); m.forEach(s::put); });
            extra.forEach(o::put);
            out.println(o);
        } else {
            out.println("checkpoint " + ck.source() + "\ndata " + dataDir + "/test (" + kind.name().toLowerCase(Locale.ROOT) + ", batch " + b + ")");
            metrics.forEach((set, m) -> {
                out.println("set " + set + ":");
                m.forEach((k, v) -> out.printf(Locale.ROOT, "  %-16s %s%n", k, k.equals("count") ? String.format(Locale.ROOT, "%.0f", v)
                        : String.format(Locale.ROOT, "%.4f", v)));
            });
            extra.forEach((k, v) -> out.printf(Locale.ROOT, "%-18s %.4f%n", k, v));
            if (submission != null) out.println("wrote " + submission);
        }
        out.flush();
        return 0;
    }

    /** {@code --halt}: the official (full-length) evaluation and the early-exit one, as two columns (text) or two objects (json). */
    private void printSideBySide(PrintWriter out, String source, Path dataDir, TaskFamily kind, int b, float threshold,
                                 Map<String, Map<String, Double>> full, Map<String, Double> fullExtra,
                                 Map<String, Map<String, Double>> early, Map<String, Double> earlyExtra,
                                 double fullRate, double earlyRate) {
        if (format.equals("json")) {
            ObjectNode o = JSON.createObjectNode();
            o.put("checkpoint", source);
            o.put("data", dataDir.toString());
            o.put("halt_threshold", threshold);
            for (var col : List.of(Map.entry("full", full), Map.entry("halt", early))) {
                ObjectNode c = o.putObject(col.getKey());
                col.getValue().forEach((set, m) -> { ObjectNode s = c.putObject(set); m.forEach(s::put); });
                (col.getKey().equals("full") ? fullExtra : earlyExtra).forEach(c::put);
                c.put("puzzles_per_s", col.getKey().equals("full") ? fullRate : earlyRate);
            }
            out.println(o);
            return;
        }
        out.println("checkpoint " + source + "\ndata " + dataDir + "/test (" + kind.name().toLowerCase(Locale.ROOT) + ", batch " + b + ")");
        out.printf(Locale.ROOT, "%-18s %12s %12s%n", "", "full", threshold == 0f ? "--halt" : String.format(Locale.ROOT, "q_halt>%.4g", threshold));
        full.forEach((set, m) -> {
            out.println("set " + set + ":");
            Map<String, Double> e = early.getOrDefault(set, Map.of());
            m.forEach((k, v) -> out.printf(Locale.ROOT, "  %-16s %12s %12s%n", k, cell(k, v), cell(k, e.get(k))));
        });
        fullExtra.forEach((k, v) -> out.printf(Locale.ROOT, "%-18s %12s %12s%n", k, cell(k, v), cell(k, earlyExtra.get(k))));
        out.printf(Locale.ROOT, "%-18s %12.1f %12.1f%n", "puzzles/s", fullRate, earlyRate);
        out.printf(Locale.ROOT, "%-18s %12s %12s%n", "speed-up", "", String.format(Locale.ROOT, "%.2fx", earlyRate / fullRate));
        if (submission != null) out.println("wrote " + submission + " (from the full-length evaluation)");
    }

    private static String cell(String key, Double v) {
        if (v == null) return "-";
        return key.equals("count") ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.4f", v);
    }
}
