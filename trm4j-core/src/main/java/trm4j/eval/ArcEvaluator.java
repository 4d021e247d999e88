package trm4j.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import trm4j.data.PyJson;
import trm4j.io.AtomicFiles;
import trm4j.data.arc.ArcAugmentation;
import trm4j.data.arc.ArcEncoding;
import trm4j.data.arc.ArcGrid;
import trm4j.data.arc.ArcPair;
import trm4j.data.arc.ArcTaskReader;
import trm4j.data.arc.ArcJson;
import trm4j.io.RawTensor;

/**
 * The official ARC evaluator ({@code evaluators/arc.py}): each prediction is cropped, mapped back to the
 * original task (inverse dihedral, then inverse colour map), and votes are counted per (task, test input);
 * candidates rank by (vote count, mean sigmoid(q_halt)) descending, ties keeping first-seen order.
 * pass@k per test pair, task score = mean over its test pairs, metric = mean over test tasks.
 *
 * <p>With {@code aggregatedVoting} (the official default) {@link #beginEval()} keeps earlier votes, so
 * every evaluation of a run votes over all checkpoints so far; without it each evaluation starts afresh.
 */
public final class ArcEvaluator {
    public static final int[] DEFAULT_PASS_KS = {1, 2, 5, 10, 100, 1000};
    public static final int DEFAULT_SUBMISSION_K = 2;

    private record Vote(String predHash, double q) {}

    /** Metrics ({@code ARC/pass@k}) and the Kaggle submission (task → per test input its attempts). */
    public record Result(Map<String, Double> metrics, Map<String, List<List<ArcGrid>>> submission) {
        /** {@code submission.json} as the official code writes it ({@code attempt_1}, {@code attempt_2}, …). */
        public void writeSubmission(Path file) throws IOException {
            AtomicFiles.write(file, os -> {
                Writer w = new OutputStreamWriter(os, StandardCharsets.US_ASCII);
                w.write('{');
                boolean first = true;
                for (Map.Entry<String, List<List<ArcGrid>>> e : submission.entrySet()) {
                    if (!first) w.write(", ");
                    first = false;
                    PyJson.string(e.getKey(), w);
                    w.write(": [");
                    for (int t = 0; t < e.getValue().size(); t++) {
                        if (t > 0) w.write(", ");
                        w.write('{');
                        List<ArcGrid> attempts = e.getValue().get(t);
                        for (int i = 0; i < attempts.size(); i++) {
                            if (i > 0) w.write(", ");
                            w.write("\"attempt_" + (i + 1) + "\": ");
                            ArcJson.grid(attempts.get(i), w);
                        }
                        w.write('}');
                    }
                    w.write(']');
                }
                w.write('}');
                w.flush();
            });
        }
    }

    private final List<String> identifiers;
    private final LinkedHashMap<String, List<ArcPair>> testPuzzles;
    private final boolean aggregatedVoting;
    private final int submissionK;
    private final int[] passKs;
    private final int blankIdentifierId;
    private final ArcAugmentation[] augCache;
    private Map<String, ArcGrid> hmap = new HashMap<>();
    private Map<String, Map<String, List<Vote>>> preds = new HashMap<>();

    public ArcEvaluator(List<String> identifiers, LinkedHashMap<String, List<ArcPair>> testPuzzles,
                        boolean aggregatedVoting, int submissionK, int[] passKs, int blankIdentifierId) {
        if (submissionK < 1) throw new IllegalArgumentException("submission K " + submissionK + " must be >= 1");
        this.identifiers = List.copyOf(identifiers);
        this.testPuzzles = testPuzzles;
        this.aggregatedVoting = aggregatedVoting;
        this.submissionK = submissionK;
        this.passKs = passKs.clone();
        this.blankIdentifierId = blankIdentifierId;
        this.augCache = new ArcAugmentation[identifiers.size()];
    }

    /** Reads {@code identifiers.json} and {@code test_puzzles.json} from a built data set folder. */
    public static ArcEvaluator load(Path dataDir, boolean aggregatedVoting) throws IOException {
        return load(dataDir, aggregatedVoting, DEFAULT_SUBMISSION_K, DEFAULT_PASS_KS);
    }

    /** As {@link #load(Path, boolean)} with the official evaluator's {@code submission_K} and {@code pass_Ks}. */
    public static ArcEvaluator load(Path dataDir, boolean aggregatedVoting, int submissionK, int[] passKs) throws IOException {
        Path idFile = dataDir.resolve("identifiers.json");
        Path tpFile = dataDir.resolve("test_puzzles.json");
        for (Path f : List.of(idFile, tpFile)) {
            if (!Files.isRegularFile(f)) throw new IOException(f + ": missing; point at the folder `trm data arc --out` wrote");
        }
        JsonNode ids = trm4j.io.StrictJson.readTree(idFile);
        if (!(ids instanceof ArrayNode arr)) throw new IOException(idFile + ": expected a JSON list of names");
        List<String> names = new ArrayList<>(arr.size());
        for (JsonNode n : arr) names.add(n.asText());
        JsonNode tp = trm4j.io.StrictJson.readTree(tpFile);
        if (!tp.isObject()) throw new IOException(tpFile + ": expected a JSON object of tasks");
        LinkedHashMap<String, List<ArcPair>> tests = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tp.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode t = e.getValue().get("test");
            String where = tpFile + ": task " + e.getKey();
            if (!(t instanceof ArrayNode ta) || ta.isEmpty()) throw new IOException(where + ": no \"test\" pairs");
            List<ArcPair> pairs = new ArrayList<>();
            for (int i = 0; i < ta.size(); i++) {
                JsonNode ex = ta.get(i);
                if (!ex.has("output")) throw new IOException(where + " test " + i + ": missing \"output\"");
                pairs.add(new ArcPair(ArcTaskReader.grid(ex.get("input"), where + " test " + i + " input"),
                        ArcTaskReader.grid(ex.get("output"), where + " test " + i + " output")));
            }
            tests.put(e.getKey(), pairs);
        }
        return new ArcEvaluator(names, tests, aggregatedVoting, submissionK, passKs, 0);
    }

    /** Starts an evaluation: clears the votes unless voting is aggregated over the run. */
    public void beginEval() {
        if (!aggregatedVoting) {
            hmap = new HashMap<>();
            preds = new HashMap<>();
        }
    }

    /**
     * One batch. puzzleIdentifiers: [B]; inputs, predictions: [B, 900] tokens row-major; qHaltLogits: [B].
     * Rows whose identifier is the blank id (batch padding) are skipped.
     */
    public void updateBatch(int[] puzzleIdentifiers, int[] inputs, int[] predictions, float[] qHaltLogits) {
        int b = puzzleIdentifiers.length, s = ArcEncoding.SEQ_LEN;
        if (inputs.length != b * s || predictions.length != b * s || qHaltLogits.length != b) {
            throw new IllegalArgumentException("batch shapes disagree: " + b + " identifiers, " + inputs.length
                    + " input tokens, " + predictions.length + " predicted tokens, " + qHaltLogits.length
                    + " q_halt logits; expected [B], [B, 900], [B, 900], [B]");
        }
        int[] seq = new int[s];
        for (int i = 0; i < b; i++) {
            int id = puzzleIdentifiers[i];
            if (id == blankIdentifierId) continue;
            if (id < 0 || id >= identifiers.size()) {
                throw new IllegalArgumentException("puzzle identifier " + id + " at batch row " + i
                        + " is outside identifiers.json (" + identifiers.size() + " names)");
            }
            String name = identifiers.get(id);
            ArcAugmentation aug = augmentation(id, name);
            String orig = ArcAugmentation.baseName(name);
            System.arraycopy(inputs, i * s, seq, 0, s);
            ArcGrid in = ArcEncoding.crop(seq);
            System.arraycopy(predictions, i * s, seq, 0, s);
            ArcGrid pred = ArcEncoding.crop(seq);
            if (aug != null) {
                in = aug.invert(in);
                if (pred.rows() > 0) pred = aug.invert(pred);   // an empty crop stays empty (numpy maps a 0×0 array to itself)
            }
            String predHash = pred.sha256Hex();
            hmap.put(predHash, pred);
            double q = 1.0 / (1.0 + Math.exp(-(double) qHaltLogits[i]));
            preds.computeIfAbsent(orig, k -> new HashMap<>())
                    .computeIfAbsent(in.sha256Hex(), k -> new ArrayList<>())
                    .add(new Vote(predHash, q));
        }
    }

    /** Same as {@link #updateBatch(int[], int[], int[], float[])} from tensors of any integer/float dtype. */
    public void updateBatch(RawTensor puzzleIdentifiers, RawTensor inputs, RawTensor predictions, RawTensor qHaltLogits) {
        updateBatch(puzzleIdentifiers.toInts(), inputs.toInts(), predictions.toInts(), qHaltLogits.toFloats());
    }

    private ArcAugmentation augmentation(int id, String name) {
        if (augCache[id] == null && name.contains(ArcAugmentation.SEPARATOR)) augCache[id] = ArcAugmentation.parse(name);
        return augCache[id];
    }

    /** Votes and scores; a test input without any prediction counts as wrong and gets no submission entry. */
    public Result result() {
        double[] correct = new double[passKs.length];
        Map<String, List<List<ArcGrid>>> submission = new LinkedHashMap<>();
        for (Map.Entry<String, List<ArcPair>> e : testPuzzles.entrySet()) {
            String name = e.getKey();
            List<List<ArcGrid>> attemptsPerTest = new ArrayList<>();
            submission.put(name, attemptsPerTest);
            int[] numCorrect = new int[passKs.length];
            for (ArcPair pair : e.getValue()) {
                String inputHash = pair.input().sha256Hex();
                String labelHash = pair.output().sha256Hex();
                List<Map.Entry<String, double[]>> ranked = rank(name, inputHash);
                if (ranked.isEmpty()) continue;
                for (int k = 0; k < passKs.length; k++) {
                    int n = Math.min(passKs[k], ranked.size());
                    for (int j = 0; j < n; j++) {
                        if (ranked.get(j).getKey().equals(labelHash)) {
                            numCorrect[k]++;
                            break;
                        }
                    }
                }
                List<ArcGrid> attempts = new ArrayList<>();
                for (int j = 0; j < Math.min(submissionK, ranked.size()); j++) attempts.add(hmap.get(ranked.get(j).getKey()));
                while (attempts.size() < submissionK) attempts.add(attempts.get(0));
                attemptsPerTest.add(attempts);
            }
            for (int k = 0; k < passKs.length; k++) correct[k] += (double) numCorrect[k] / e.getValue().size();
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (int k = 0; k < passKs.length; k++) metrics.put("ARC/pass@" + passKs[k], correct[k] / testPuzzles.size());
        return new Result(metrics, submission);
    }

    /** One voted answer: the grid (in the original task's frame), its vote count and mean sigmoid(q_halt). */
    public record Candidate(ArcGrid grid, int votes, double meanQ) {}

    /** The voted answers for one test input of {@code task}, best first (the order pass@k and the submission use). */
    public List<Candidate> ranked(String task, ArcGrid testInput) {
        List<Candidate> out = new ArrayList<>();
        for (Map.Entry<String, double[]> r : rank(task, testInput.sha256Hex()))
            out.add(new Candidate(hmap.get(r.getKey()), (int) r.getValue()[0], r.getValue()[1]));
        return out;
    }

    /** (prediction hash → [count, mean q]) in first-seen order, then stably sorted by count, then mean q, descending. */
    private List<Map.Entry<String, double[]>> rank(String task, String inputHash) {
        List<Vote> votes = preds.getOrDefault(task, Map.of()).getOrDefault(inputHash, List.of());
        LinkedHashMap<String, double[]> stats = new LinkedHashMap<>();
        for (Vote v : votes) {
            double[] st = stats.computeIfAbsent(v.predHash(), k -> new double[2]);
            st[0] += 1;
            st[1] += v.q();
        }
        List<Map.Entry<String, double[]>> ranked = new ArrayList<>(stats.entrySet());
        for (Map.Entry<String, double[]> r : ranked) r.getValue()[1] /= r.getValue()[0];
        ranked.sort(Comparator.comparing((Map.Entry<String, double[]> r) -> r.getValue(),
                (x, y) -> x[0] != y[0] ? Double.compare(y[0], x[0]) : Double.compare(y[1], x[1])));
        return ranked;
    }

    public List<String> identifiers() { return identifiers; }

    public int[] passKs() { return Arrays.copyOf(passKs, passKs.length); }
}
