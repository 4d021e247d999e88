package trm4j.api;

import trm4j.data.arc.ArcAugmentation;
import trm4j.data.arc.ArcEncoding;
import trm4j.data.arc.ArcGrid;
import trm4j.data.arc.ArcPair;
import trm4j.data.arc.ArcTask;
import trm4j.data.arc.LegacyRandomState;
import trm4j.eval.ArcEvaluator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * Solves one ARC task as the official evaluation does: every augmented version of the task (the names the data
 * set's identifiers.json holds for it, each with its trained puzzle embedding) is run on each test input, the
 * predictions are mapped back to the task's frame and voted on by {@link ArcEvaluator}.
 */
public final class ArcSolver {
    private ArcSolver() {}

    /**
     * The versions of a task to run: their names (task id, or id + augmentation suffix) and puzzle identifiers.
     * {@code trained} is false when the task is not in the data set, so that every version uses the blank id.
     */
    public record Plan(List<String> names, int[] puzzleIds, boolean trained) {
        public int size() { return names.size(); }
    }

    /** One test input's voted answers, best first; {@code expected} is null when the task file has no output. */
    public record TestResult(ArcGrid input, ArcGrid expected, List<ArcEvaluator.Candidate> candidates) {
        /** 1-based rank of the expected grid among the candidates, or 0 (absent or unknown). */
        public int rankOfExpected() {
            if (expected == null) return 0;
            for (int i = 0; i < candidates.size(); i++) if (candidates.get(i).grid().equals(expected)) return i + 1;
            return 0;
        }
    }

    public record Result(String task, Plan plan, List<TestResult> tests) {}

    /**
     * The task's versions listed in {@code identifiers} (index = puzzle id), in id order; when none is found (or
     * there is no list), the original plus {@code fallbackAugmentations} distinct random augmentations drawn
     * with {@code seed}, all with the blank id 0. {@code limit} &gt; 0 keeps only the first {@code limit} versions.
     */
    public static Plan plan(String taskId, List<String> identifiers, int fallbackAugmentations, long seed, int limit) {
        List<String> names = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        if (identifiers != null)
            for (int i = 1; i < identifiers.size(); i++) {
                String n = identifiers.get(i);
                if (n.startsWith(taskId) && ArcAugmentation.baseName(n).equals(taskId)) { names.add(n); ids.add(i); }
            }
        boolean trained = !names.isEmpty();
        if (!trained) {
            names.add(taskId);
            ids.add(0);
            Set<String> seen = new HashSet<>(names);
            LegacyRandomState rng = new LegacyRandomState(seed);
            for (int trial = 0; trial < 5 * fallbackAugmentations && names.size() < fallbackAugmentations + 1; trial++) {
                String n = ArcAugmentation.draw(rng).name(taskId);
                if (seen.add(n)) { names.add(n); ids.add(0); }
            }
        }
        int n = limit > 0 ? Math.min(limit, names.size()) : names.size();
        return new Plan(List.copyOf(names.subList(0, n)), ids.subList(0, n).stream().mapToInt(Integer::intValue).toArray(), trained);
    }

    /**
     * Runs every version of the plan on every test input of {@code task} ({@code expected[i]} false: test output
     * i is unknown), every step or, with a {@code haltThreshold}, each sequence to its first q_halt logit above it
     * ({@link Trm#solveAll(List, int[], Float, int)}). {@code progress} receives the number of sequences finished.
     */
    public static Result solve(Trm trm, ArcTask task, boolean[] expectedKnown, Plan plan, Float haltThreshold, int batchSize,
                               IntConsumer progress) {
        if (trm.seqLen() != ArcEncoding.SEQ_LEN)
            throw new IllegalArgumentException("this model has seq_len " + trm.seqLen() + ", ARC needs " + ArcEncoding.SEQ_LEN + " (30×30)");
        List<ArcPair> tests = task.pairs("test");
        if (tests.isEmpty()) throw new IllegalArgumentException("task " + task.id() + " has no test inputs");
        // Local identifiers: version k of the plan is name k for the evaluator; the model sees the real ids.
        LinkedHashMap<String, List<ArcPair>> testPuzzles = new LinkedHashMap<>();
        testPuzzles.put(task.id(), tests);
        ArcEvaluator voter = new ArcEvaluator(plan.names(), testPuzzles, false, 2, new int[]{1, 2}, -1);
        List<int[]> seqs = new ArrayList<>();
        List<Integer> version = new ArrayList<>();
        List<Integer> modelIds = new ArrayList<>();
        for (int v = 0; v < plan.size(); v++) {
            ArcAugmentation aug = ArcAugmentation.parse(plan.names().get(v));
            for (ArcPair p : tests) {
                ArcGrid in = aug == null ? p.input() : aug.apply(p.input());
                byte[] enc = ArcEncoding.encode(in);
                int[] t = new int[enc.length];
                for (int i = 0; i < t.length; i++) t[i] = enc[i];
                seqs.add(t);
                version.add(v);
                modelIds.add(plan.puzzleIds()[v]);
            }
        }
        int S = ArcEncoding.SEQ_LEN;
        for (int from = 0; from < seqs.size(); from += batchSize) {
            int n = Math.min(batchSize, seqs.size() - from);
            int[] ids = new int[n], local = new int[n];
            for (int i = 0; i < n; i++) { ids[i] = modelIds.get(from + i); local[i] = version.get(from + i); }
            List<Solution> sol = trm.solveAll(seqs.subList(from, from + n), ids, haltThreshold, n);
            int[] inputs = new int[n * S], preds = new int[n * S];
            float[] q = new float[n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(seqs.get(from + i), 0, inputs, i * S, S);
                System.arraycopy(sol.get(i).answer(), 0, preds, i * S, S);
                q[i] = sol.get(i).last().qHaltLogit();
            }
            voter.updateBatch(local, inputs, preds, q);
            if (progress != null) progress.accept(from + n);
        }
        List<TestResult> out = new ArrayList<>();
        for (int i = 0; i < tests.size(); i++) {
            ArcPair p = tests.get(i);
            boolean known = expectedKnown == null || expectedKnown[i];
            out.add(new TestResult(p.input(), known ? p.output() : null, voter.ranked(task.id(), p.input())));
        }
        return new Result(task.id(), plan, out);
    }
}
