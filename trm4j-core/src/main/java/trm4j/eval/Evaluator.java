package trm4j.eval;

import trm4j.data.Batch;
import trm4j.data.BatchSampler;
import trm4j.data.PuzzleDataset;
import trm4j.data.PuzzleSet;
import trm4j.model.Act;
import trm4j.model.EvalRollout;
import trm4j.model.Losses;
import trm4j.model.TrmModel;
import trm4j.model.Losses;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The official evaluation loop: every test example in order, in batches of global_batch_size (the last one
 * padded), each batch run from the initial carry in eval mode until all slots halt (halt_max_steps ACT steps).
 * The metric sums of each batch's final step are added per set and divided by the set's count.
 */
public final class Evaluator {
    /** Receives every batch's final predictions (for task-specific evaluators such as ARC's). */
    public interface Listener {
        void batch(String set, Batch batch, int[] preds, float[] qHalt);
    }

    private Evaluator() {}

    /** Returns {set: {metric: value}} with the official keys (count, accuracy, exact_accuracy, …). */
    public static Map<String, Map<String, Double>> evaluate(TrmModel model, PuzzleDataset test, int globalBatchSize, Listener listener) {
        return evaluate(model, test, globalBatchSize, 0, 1, sums -> sums, listener);
    }

    /**
     * Data-parallel evaluation: rank {@code rank} of {@code ranks} runs its slice of every global test batch
     * ({@link BatchSampler#rankSlice}); {@code combine} turns this rank's metric sums (7 per set, in set order)
     * into the sums over all ranks. The listener sees this rank's slices.
     */
    public static Map<String, Map<String, Double>> evaluate(TrmModel model, PuzzleDataset test, int globalBatchSize, int rank, int ranks,
                                                            UnaryOperator<double[]> combine, Listener listener) {
        int localBatch = globalBatchSize / ranks;
        trm4j.model.MemoryEstimate.check(model.config, localBatch, 1, "evaluation batch of " + globalBatchSize);
        Act act = new Act(model, localBatch);
        List<String> names = new ArrayList<>();
        for (PuzzleSet s : test.sets()) names.add(s.name());
        Map<String, double[]> sums = new LinkedHashMap<>();
        // The test stream visits the sets in order; map each batch to its set by counting examples.
        int setIndex = 0;
        long seen = 0;
        for (Batch global : BatchSampler.testBatches(test, globalBatchSize)) {
            while (seen >= test.sets().get(setIndex).numExamples()) { seen = 0; setIndex++; }
            String set = names.get(setIndex);
            seen += global.effectiveSize();
            Batch batch = BatchSampler.rankSlice(global, rank, ranks);
            Act.Carry carry = act.initialCarry();
            Losses.Result r;
            do r = act.stepLoss(carry, batch.inputs(), batch.labels(), batch.puzzleIdentifiers(), false, null, 1.0, false).head();
            while (!r.allHalted());
            add(sums.computeIfAbsent(set, k -> new double[7]), r.metrics());
            if (listener != null) listener.batch(set, batch, r.preds(), act.ws.qHalt.clone());
        }
        double[] flat = new double[7 * sums.size()];
        int k = 0;
        for (double[] s : sums.values()) { System.arraycopy(s, 0, flat, k, 7); k += 7; }
        flat = combine.apply(flat);
        k = 0;
        for (double[] s : sums.values()) { System.arraycopy(flat, k, s, 0, 7); k += 7; }
        return means(sums);
    }

    /**
     * Early exit: every test example runs in eval mode until its first step with q_halt &gt; 0 (or halt_max_steps),
     * {@code batchSize} at a time with continuous batching (a slot whose puzzle halts takes the next example,
     * {@link EvalRollout}). The metrics are the official ones, each computed on the example's prediction at its
     * halting step; {@code steps} is the mean number of ACT steps run. {@code listener} receives each example
     * when it halts, as a batch of one.
     */
    public static Map<String, Map<String, Double>> evaluateHalting(TrmModel model, PuzzleDataset test, int batchSize, Listener listener) {
        return evaluateHalting(model, test, batchSize, 0f, listener);
    }

    /** {@link #evaluateHalting(TrmModel, PuzzleDataset, int, Listener)}, each puzzle stopping at its first halt signal above {@code haltThreshold}. */
    public static Map<String, Map<String, Double>> evaluateHalting(TrmModel model, PuzzleDataset test, int batchSize, float haltThreshold,
                                                                   Listener listener) {
        int L = model.config.seq_len(), V = model.config.vocab_size();
        List<PuzzleSet> sets = test.sets();
        int[] setStart = new int[sets.size() + 1];
        for (int i = 0; i < sets.size(); i++) setStart[i + 1] = Math.addExact(setStart[i], sets.get(i).numExamples());
        Integer ignore = test.metadata().ignoreLabelId();
        EvalRollout.Source source = new EvalRollout.Source() {
            @Override public int count() { return setStart[sets.size()]; }

            @Override public int read(int p, int[] inputs, int inputsOffset, int[] labels, int labelsOffset) {
                int si = setOf(setStart, p), e = p - setStart[si];
                PuzzleSet s = sets.get(si);
                s.readInputs(e, inputs, inputsOffset);
                s.readLabels(e, labels, labelsOffset);
                if (ignore != null)
                    for (int t = labelsOffset; t < labelsOffset + L; t++) if (labels[t] == ignore) labels[t] = Losses.IGNORE;
                return s.puzzleIdentifier(s.puzzleOfExample(e));
            }
        };
        Map<String, double[]> sums = new LinkedHashMap<>();
        float[] logits = new float[L * V];
        int[] labels = new int[L];
        new EvalRollout(model, batchSize).run(source, (Float) haltThreshold, (r, p, slot, step, last) -> {
            if (!last) return;
            System.arraycopy(r.logits(), slot * L * V, logits, 0, L * V);
            System.arraycopy(r.labels(), slot * L, labels, 0, L);
            float[] q = {r.qHalt(slot)};
            Losses.Result res = Losses.compute(logits, labels, q, new int[]{step}, new boolean[]{true}, 1, L, V, 1.0, null, null);
            String set = sets.get(setOf(setStart, p)).name();
            add(sums.computeIfAbsent(set, k -> new double[7]), res.metrics());
            if (listener != null) {
                Batch one = new Batch(java.util.Arrays.copyOfRange(r.inputs(), slot * L, slot * L + L), labels.clone(),
                        new int[]{r.puzzleIdentifiers()[slot]}, 1, 1);
                listener.batch(set, one, res.preds(), q);
            }
        });
        return means(sums);
    }

    private static int setOf(int[] setStart, int p) {
        int i = 0;
        while (p >= setStart[i + 1]) i++;
        return i;
    }

    private static void add(double[] s, Losses.Metrics m) {
        s[0] += m.count(); s[1] += m.accuracy(); s[2] += m.exactAccuracy(); s[3] += m.qHaltAccuracy();
        s[4] += m.steps(); s[5] += m.lmLoss(); s[6] += m.qHaltLoss();
    }

    private static Map<String, Map<String, Double>> means(Map<String, double[]> sums) {
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (var e : sums.entrySet()) {
            double[] s = e.getValue();
            double count = Math.max(s[0], 1);
            Map<String, Double> m = new LinkedHashMap<>();
            m.put("count", s[0]);
            m.put("accuracy", s[1] / count);
            m.put("exact_accuracy", s[2] / count);
            m.put("q_halt_accuracy", s[3] / count);
            m.put("steps", s[4] / count);
            m.put("lm_loss", s[5] / count);
            m.put("q_halt_loss", s[6] / count);
            out.put(e.getKey(), m);
        }
        return out;
    }
}
