package trm4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trm4j.data.arc.ArcAugmentation;
import trm4j.data.arc.ArcDatasetBuilder;
import trm4j.data.arc.ArcEncoding;
import trm4j.data.arc.ArcGrid;
import trm4j.data.arc.ArcPair;
import trm4j.data.arc.ArcTaskReader;

class ArcEvaluatorTest {
    @TempDir Path dir;

    static final ArcGrid X0 = ArcGrid.of(new int[][] {{1, 2}, {3, 0}});
    static final ArcGrid Y0 = ArcGrid.of(new int[][] {{2, 1}});
    static final ArcGrid X1 = ArcGrid.of(new int[][] {{4}});
    static final ArcGrid Y1 = ArcGrid.of(new int[][] {{5, 5}, {5, 6}});
    static final ArcGrid W = ArcGrid.of(new int[][] {{7}});
    static final ArcGrid XB = ArcGrid.of(new int[][] {{8}});
    static final ArcAugmentation AUG = new ArcAugmentation(1, new byte[] {0, 2, 3, 4, 5, 6, 7, 8, 9, 1});

    /** Rows of a batch: identifier, input grid, predicted grid, q_halt logit. */
    private static final class Batch {
        final List<Integer> ids = new ArrayList<>();
        final List<int[]> in = new ArrayList<>(), pred = new ArrayList<>();
        final List<Float> q = new ArrayList<>();

        Batch add(int id, ArcGrid input, ArcGrid prediction, float logit) {
            ids.add(id);
            in.add(toInts(ArcEncoding.encode(input)));
            pred.add(toInts(ArcEncoding.encode(prediction)));
            q.add(logit);
            return this;
        }

        void feed(ArcEvaluator ev) {
            int b = ids.size();
            int[] idArr = new int[b], inArr = new int[b * 900], predArr = new int[b * 900];
            float[] qArr = new float[b];
            for (int i = 0; i < b; i++) {
                idArr[i] = ids.get(i);
                System.arraycopy(in.get(i), 0, inArr, i * 900, 900);
                System.arraycopy(pred.get(i), 0, predArr, i * 900, 900);
                qArr[i] = q.get(i);
            }
            ev.updateBatch(idArr, inArr, predArr, qArr);
        }
    }

    static int[] toInts(byte[] b) {
        int[] o = new int[b.length];
        for (int i = 0; i < b.length; i++) o[i] = b[i];
        return o;
    }

    private static ArcEvaluator evaluator(boolean aggregate) {
        LinkedHashMap<String, List<ArcPair>> tests = new LinkedHashMap<>();
        tests.put("A", List.of(new ArcPair(X0, Y0), new ArcPair(X1, Y1)));
        tests.put("B", List.of(new ArcPair(XB, XB)));
        List<String> ids = List.of("<blank>", "A", AUG.name("A"), "B");
        return new ArcEvaluator(ids, tests, aggregate, 2, ArcEvaluator.DEFAULT_PASS_KS, 0);
    }

    /** A/test0: wrong W gets 3 votes, right Y0 gets 2 (one through the augmented id); A/test1: a tie on
     * counts won by the right answer's higher q; B: no predictions; a blank row is ignored. */
    private static void feedKnownVotes(ArcEvaluator ev) {
        new Batch()
                .add(1, X0, W, -3f).add(1, X0, W, -3f).add(2, AUG.apply(X0), AUG.apply(W), -3f)
                .add(1, X0, Y0, 0f).add(2, AUG.apply(X0), AUG.apply(Y0), 0f)
                .add(1, X1, W, 1f).add(2, AUG.apply(X1), AUG.apply(Y1), 2f)
                .add(0, XB, XB, 9f)
                .feed(ev);
    }

    @Test
    void votesByCountThenMeanQ() throws IOException {
        ArcEvaluator ev = evaluator(true);
        ev.beginEval();
        feedKnownVotes(ev);
        ArcEvaluator.Result r = ev.result();
        // A: pass@1 = (0 + 1) / 2, pass@2 = (1 + 1) / 2; B: 0 → means over 2 tasks.
        assertEquals(0.25, r.metrics().get("ARC/pass@1"));
        assertEquals(0.5, r.metrics().get("ARC/pass@2"));
        assertEquals(0.5, r.metrics().get("ARC/pass@1000"));
        assertEquals(List.of(List.of(W, Y0), List.of(Y1, W)), r.submission().get("A"));
        assertEquals(List.of(), r.submission().get("B"));
        Path sub = dir.resolve("submission.json");
        r.writeSubmission(sub);
        assertEquals("{\"A\": [{\"attempt_1\": [[7]], \"attempt_2\": [[2, 1]]}, {\"attempt_1\": [[5, 5], [5, 6]], "
                + "\"attempt_2\": [[7]]}], \"B\": []}", Files.readString(sub));
    }

    @Test
    void aggregatedVotingKeepsEarlierEvaluations() {
        ArcEvaluator agg = evaluator(true), fresh = evaluator(false);
        for (ArcEvaluator ev : List.of(agg, fresh)) {
            ev.beginEval();
            feedKnownVotes(ev);
            ev.beginEval();
            // second evaluation: Y0 twice more → 4 votes against W's 3 when aggregated, 2 against 0 alone.
            new Batch().add(1, X0, Y0, -5f).add(1, X0, Y0, -5f).feed(ev);
        }
        assertEquals(0.5, agg.result().metrics().get("ARC/pass@1"));
        assertEquals(List.of(Y0, W), agg.result().submission().get("A").get(0));
        // not aggregated: A/test0 right, A/test1 has no votes (wrong) → A = 0.5, B = 0.
        assertEquals(0.25, fresh.result().metrics().get("ARC/pass@1"));
        assertEquals(List.of(List.of(Y0, Y0)), fresh.result().submission().get("A"));
    }

    @Test
    void equalVotesKeepFirstSeen() {
        ArcEvaluator ev = evaluator(true);
        new Batch().add(1, X0, W, 0f).add(1, X0, Y0, 0f).feed(ev);
        assertEquals(0.0, ev.result().metrics().get("ARC/pass@1"));
        assertEquals(0.25, ev.result().metrics().get("ARC/pass@2"));
    }

    @Test
    void anEmptyPredictionOfAnAugmentedVersionVotesTheEmptyGrid() {
        ArcEvaluator ev = evaluator(false);
        int[] in = toInts(ArcEncoding.encode(AUG.apply(X0)));
        ev.updateBatch(new int[] {2}, in, new int[900], new float[] {0f});   // all PAD: the crop is 0×0
        assertEquals(List.of(ArcGrid.EMPTY), ev.ranked("A", X0).stream().map(ArcEvaluator.Candidate::grid).toList());
    }

    @Test
    void rejectsBadBatches() {
        ArcEvaluator ev = evaluator(true);
        assertThrows(IllegalArgumentException.class, () -> ev.updateBatch(new int[] {1}, new int[900], new int[899], new float[1]));
        assertThrows(IllegalArgumentException.class, () -> ev.updateBatch(new int[] {9}, new int[900], new int[900], new float[1]));
    }

    static int[] readNpy(Path f) throws IOException {
        byte[] b = Files.readAllBytes(f);
        int hl = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        String header = new String(b, 10, hl);
        ByteBuffer data = ByteBuffer.wrap(b, 10 + hl, b.length - 10 - hl).order(ByteOrder.LITTLE_ENDIAN);
        int[] out;
        if (header.contains("'|u1'")) {
            out = new int[data.remaining()];
            for (int i = 0; i < out.length; i++) out[i] = data.get() & 0xff;
        } else {
            out = new int[data.remaining() / 4];
            for (int i = 0; i < out.length; i++) out[i] = data.getInt();
        }
        return out;
    }

    @Test
    void builtTestSplitWithPerfectPredictionsScoresOne() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("small_ev_challenges.json"), trm4j.data.arc.ArcDatasetBuilderTestData.EV);
        Files.writeString(src.resolve("small_ev_solutions.json"), trm4j.data.arc.ArcDatasetBuilderTestData.EV_SOL);
        String prefix = src.resolve("small").toString();
        Path out = dir.resolve("out");
        new ArcDatasetBuilder(new ArcDatasetBuilder.Config(List.of("ev"), "ev", 5, 42),
                s -> ArcTaskReader.readKaggle(prefix, s, null), null).build(out);
        int[] inputs = readNpy(out.resolve("test/all__inputs.npy"));
        int[] labels = readNpy(out.resolve("test/all__labels.npy"));
        int[] puzzleIds = readNpy(out.resolve("test/all__puzzle_identifiers.npy"));
        int[] puzzleIdx = readNpy(out.resolve("test/all__puzzle_indices.npy"));
        int n = inputs.length / 900;
        int[] exampleIds = new int[n];
        for (int p = 0; p < puzzleIds.length; p++) for (int e = puzzleIdx[p]; e < puzzleIdx[p + 1]; e++) exampleIds[e] = puzzleIds[p];
        float[] q = new float[n];
        ArcEvaluator perfect = ArcEvaluator.load(out, true);
        perfect.updateBatch(exampleIds, inputs, labels, q);
        Map<String, Double> m = perfect.result().metrics();
        assertEquals(1.0, m.get("ARC/pass@1"));
        ArcEvaluator echo = ArcEvaluator.load(out, true);
        echo.updateBatch(exampleIds, inputs, inputs, q);
        assertEquals(0.0, echo.result().metrics().get("ARC/pass@1000"));
    }
}
