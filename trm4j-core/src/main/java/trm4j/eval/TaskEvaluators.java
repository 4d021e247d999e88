package trm4j.eval;

import trm4j.data.Batch;
import trm4j.data.TaskFamily;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluation a run's config asks for, built the same way by {@code trm train} and {@code trm eval}: the official
 * metrics of {@link Evaluator} (accuracy, exact_accuracy, …) always, plus the task evaluators named by the official
 * {@code evaluators} key — {@value #ARC} (voting by count then mean q, pass@k, the submission; options
 * {@code submission_K}, {@code pass_Ks}, {@code aggregated_voting}) on ARC data — and trm4j's maze path metrics
 * ({@link MazeMetrics}) on maze data. Listens to the evaluation's batches; {@link #begin} before each evaluation.
 */
public final class TaskEvaluators implements Evaluator.Listener {
    /** The official name of the ARC evaluator ({@code evaluators/arc.py}, class {@code ARC}). */
    public static final String ARC = "arc@ARC";

    private final ArcEvaluator arc;
    private final boolean mazeData;
    private final int seqLen;
    private final List<String> unknown;
    private MazeMetrics maze;

    private TaskEvaluators(ArcEvaluator arc, boolean mazeData, int seqLen, List<String> unknown) {
        this.arc = arc;
        this.mazeData = mazeData;
        this.seqLen = seqLen;
        this.unknown = List.copyOf(unknown);
    }

    /**
     * {@code evaluators}: the config's list ({@code [{name: arc@ARC, …}]}; null when there is no config: ARC data then
     * gets {@value #ARC} with its defaults); {@code dataDir}: the data set with the test split; {@code aggregatedVoting}:
     * overrides the config's {@code aggregated_voting} when not null.
     */
    public static TaskEvaluators of(List<Map<String, Object>> evaluators, Path dataDir, TaskFamily family, int seqLen,
                                    Boolean aggregatedVoting) throws IOException {
        Map<String, Object> arcOptions = evaluators == null ? Map.of() : null;
        List<String> unknown = new ArrayList<>();
        if (evaluators != null) {
            for (Map<String, Object> e : evaluators) {
                if (ARC.equals(e.get("name"))) arcOptions = e;
                else unknown.add(String.valueOf(e.get("name")));
            }
        }
        ArcEvaluator arc = null;
        if (arcOptions != null && family == TaskFamily.ARC && Files.isRegularFile(dataDir.resolve("test_puzzles.json"))) {
            boolean aggregated = aggregatedVoting != null ? aggregatedVoting : !Boolean.FALSE.equals(arcOptions.get("aggregated_voting"));
            int k = arcOptions.get("submission_K") instanceof Number n ? n.intValue() : ArcEvaluator.DEFAULT_SUBMISSION_K;
            int[] passKs = ArcEvaluator.DEFAULT_PASS_KS;
            if (arcOptions.get("pass_Ks") instanceof List<?> l) {
                passKs = new int[l.size()];
                for (int i = 0; i < passKs.length; i++) {
                    if (!(l.get(i) instanceof Number n) || n.intValue() < 1)
                        throw new IllegalArgumentException("evaluators: " + ARC + " pass_Ks must be positive integers, got " + l);
                    passKs[i] = n.intValue();
                }
            }
            arc = ArcEvaluator.load(dataDir, aggregated, k, passKs);
        }
        return new TaskEvaluators(arc, family == TaskFamily.MAZE, seqLen, unknown);
    }

    /** Whether the ARC evaluator runs (and a submission can be written). */
    public boolean arc() { return arc != null; }

    /** Evaluator names in the config that trm4j does not implement (they are skipped). */
    public List<String> unknown() { return unknown; }

    /** Starts an evaluation. */
    public void begin() {
        if (arc != null) arc.beginEval();
        maze = mazeData ? new MazeMetrics() : null;
    }

    @Override
    public void batch(String set, Batch b, int[] preds, float[] qHalt) {
        if (arc != null) arc.updateBatch(b.puzzleIdentifiers(), b.inputs(), preds, qHalt);
        if (maze != null) maze.add(preds, b.inputs(), b.labels(), b.effectiveSize(), seqLen);
    }

    /** The task metrics since {@link #begin} ({@code ARC/pass@k}, {@code maze/valid_optimal}, {@code maze/exact}); writes the ARC submission when {@code submission} is not null. */
    public Map<String, Double> metrics(Path submission) throws IOException {
        ArcEvaluator.Result r = arc == null ? null : arc.result();
        if (r != null && submission != null) r.writeSubmission(submission);
        return metrics(r);
    }

    /** {@link #metrics} grouped by their prefix ({@code ARC}, {@code maze}) like the evaluator's sets, for the training log. */
    public Map<String, Map<String, Double>> metricsByGroup() {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        metrics(arc == null ? null : arc.result()).forEach((k, v) -> {
            int slash = k.indexOf('/');
            out.computeIfAbsent(k.substring(0, slash), g -> new LinkedHashMap<>()).put(k.substring(slash + 1), v);
        });
        return out;
    }

    private Map<String, Double> metrics(ArcEvaluator.Result arcResult) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (arcResult != null) out.putAll(arcResult.metrics());
        if (maze != null) {
            out.put("maze/valid_optimal", maze.validOptimalRate());
            out.put("maze/exact", maze.exactRate());
        }
        return out;
    }
}
