package trm4j.model;

import org.junit.jupiter.api.Test;
import trm4j.api.TinyCheckpoints;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The continuous-batching eval rollout: each puzzle's answer is exactly the full-length rollout's prediction at its
 * first step with q_halt &gt; 0 (or at the limit), every puzzle is run once, for any batch size.
 */
public class EvalRolloutTest {
    static final int N = 13, L = 16, V = 6, MAX = 5;

    /** A tiny model whose Q head is random, so that puzzles halt at different steps. */
    static TrmModel model() {
        TrmModel m = new TrmModel(TrmConfig.fromMap(TinyCheckpoints.arch(L, V, 1, 0, MAX), "test"));
        m.initialize(3);
        haltAtVariousSteps(m, 5);
        return m;
    }

    public static void haltAtVariousSteps(TrmModel m, long seed) {
        Random r = new Random(seed);
        for (int i = 0; i < m.qHeadWeight.value.length; i++) m.qHeadWeight.value[i] = (float) (r.nextGaussian() * 0.6);
        m.qHeadBias.value[0] = -0.3f;
    }

    static int[][] puzzles() {
        Random r = new Random(11);
        int[][] p = new int[N][L];
        for (int[] row : p) for (int t = 0; t < L; t++) row[t] = 1 + r.nextInt(V - 1);
        return p;
    }

    static int[] argmax(float[] logits, int slot) {
        int[] pred = new int[L];
        for (int t = 0; t < L; t++) {
            int o = (slot * L + t) * V, best = 0;
            for (int v = 1; v < V; v++) if (logits[o + v] > logits[o + best]) best = v;
            pred[t] = best;
        }
        return pred;
    }

    /** The ordinary full-length eval steps (Act.step, all N puzzles in one batch): [step][puzzle] predictions and q_halt. */
    record Full(int[][][] preds, float[][] qHalt) {
        int haltStep(int p) {
            for (int s = 0; s < MAX; s++) if (qHalt[s][p] > 0f) return s + 1;
            return MAX;
        }
    }

    static Full full(TrmModel m, int[][] puzzles) {
        Act act = new Act(m, N);
        Act.Carry c = act.initialCarry();
        int[] inputs = new int[N * L];
        for (int p = 0; p < N; p++) System.arraycopy(puzzles[p], 0, inputs, p * L, L);
        int[][][] preds = new int[MAX][N][];
        float[][] q = new float[MAX][N];
        for (int s = 0; s < MAX; s++) {
            act.step(c, inputs, null, new int[N], false, null);
            for (int p = 0; p < N; p++) { preds[s][p] = argmax(act.ws.logits, p); q[s][p] = act.ws.qHalt[p]; }
        }
        return new Full(preds, q);
    }

    static EvalRollout.Source source(int[][] puzzles) {
        return new EvalRollout.Source() {
            @Override public int count() { return puzzles.length; }

            @Override public int read(int p, int[] inputs, int io, int[] labels, int lo) {
                System.arraycopy(puzzles[p], 0, inputs, io, L);
                Arrays.fill(labels, lo, lo + L, 1);
                return 0;
            }
        };
    }

    @Test
    void eachPuzzleStopsAtItsFirstPositiveQHaltWithTheFullRolloutsPrediction() {
        TrmModel m = model();
        int[][] puzzles = puzzles();
        Full ref = full(m, puzzles);
        Set<Integer> haltSteps = new HashSet<>();
        for (int p = 0; p < N; p++) haltSteps.add(ref.haltStep(p));
        assertTrue(haltSteps.size() >= 3 && haltSteps.contains(2) && haltSteps.contains(MAX),
                "the fixture should halt at several steps, early and at the limit: " + haltSteps);

        for (int batch : new int[]{1, 4, 5, 13, 20}) {
            int[] lastStep = new int[N], seen = new int[N];
            int[][] answer = new int[N][];
            List<Integer> order = new ArrayList<>();
            long work = new EvalRollout(m, batch).run(source(puzzles), true, (r, p, slot, step, last) -> {
                assertEquals(++seen[p], step, "puzzle " + p + " steps run in order, batch " + batch);
                assertArrayEquals(ref.preds[step - 1][p], argmax(r.logits(), slot), "puzzle " + p + " step " + step + ", batch " + batch);
                assertEquals(Float.floatToIntBits(ref.qHalt[step - 1][p]), Float.floatToIntBits(r.qHalt(slot)));
                if (!last) return;
                assertEquals(0, lastStep[p], "puzzle " + p + " finished twice, batch " + batch);
                lastStep[p] = step;
                answer[p] = argmax(r.logits(), slot);
                order.add(p);
            });
            long stepSum = 0;
            for (int p = 0; p < N; p++) {
                assertEquals(ref.haltStep(p), lastStep[p], "puzzle " + p + ", batch " + batch);
                assertArrayEquals(ref.preds[ref.haltStep(p) - 1][p], answer[p]);
                stepSum += lastStep[p];
            }
            assertEquals(N, order.size(), "every puzzle once, batch " + batch);
            // slots are refilled (and the tail compacted): far less work than batches x slots x halt_max_steps
            int slots = Math.min(batch, N);
            assertTrue(work >= stepSum, "batch " + batch);
            if (batch == 1) assertEquals(stepSum, work);
            assertTrue(work < (long) ((N + slots - 1) / slots) * slots * MAX, "batch " + batch + ": " + work + " slot-steps");
        }
    }

    @Test
    void withoutStoppingAtHaltEveryPuzzleRunsToTheLimit() {
        // batch 5: waves of 5, 5 and 3 (3 > 5 / 2 live slots: no compaction)
        TrmModel m = model();
        int[][] puzzles = puzzles();
        Full ref = full(m, puzzles);
        for (int batch : new int[]{1, 5, 13}) {
            int[] count = new int[N];
            long work = new EvalRollout(m, batch).run(source(puzzles), false, (r, p, slot, step, last) -> {
                assertEquals(step == MAX, last);
                if (last) { count[p]++; assertArrayEquals(ref.preds[MAX - 1][p], argmax(r.logits(), slot)); }
            });
            for (int p = 0; p < N; p++) assertEquals(1, count[p]);
            assertEquals((long) ((N + batch - 1) / batch) * Math.min(batch, N) * MAX, work);
        }
    }

    /**
     * A halting threshold t: each puzzle stops at its first step with q_halt &gt; t (0: the official rule, the same run
     * as stopAtHalt), so a higher threshold never stops a puzzle sooner, and a threshold above every q_halt runs the
     * full length.
     */
    @Test
    void aHaltThresholdStopsAtTheFirstQHaltAboveIt() {
        TrmModel m = model();
        int[][] puzzles = puzzles();
        Full ref = full(m, puzzles);
        int[] previous = new int[N];
        int moved = 0;
        for (float t : new float[]{0f, 0.5f, 2f, Float.MAX_VALUE}) {
            int[] lastStep = new int[N];
            new EvalRollout(m, 5).run(source(puzzles), (Float) t, (r, p, slot, step, last) -> { if (last) lastStep[p] = step; });
            for (int p = 0; p < N; p++) {
                int expected = MAX;
                for (int s = 1; s <= MAX; s++) if (ref.qHalt[s - 1][p] > t) { expected = s; break; }
                assertEquals(expected, lastStep[p], "puzzle " + p + ", threshold " + t);
                assertTrue(lastStep[p] >= previous[p], "a higher threshold stops no sooner");
                if (t > 0f && lastStep[p] > previous[p]) moved++;
                previous[p] = lastStep[p];
            }
            if (t == 0f) for (int p = 0; p < N; p++) assertEquals(ref.haltStep(p), lastStep[p], "threshold 0 is the official rule");
            if (t == Float.MAX_VALUE) for (int p = 0; p < N; p++) assertEquals(MAX, lastStep[p]);
        }
        assertTrue(moved > 0, "the thresholds should move some puzzles later");
    }

    @Test
    void anEmptyStreamRunsNothing() {
        assertEquals(0, new EvalRollout(model(), 4).run(source(new int[0][]), true, (r, p, s, st, l) -> fail()));
    }
}
