package trm4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class BatchSamplerTest {
    @TempDir
    Path tmp;

    /**
     * Examples identify themselves: input = [e >> 8, e & 255, 7], label = [e & 255, 0, 9] (0 = ignore_label_id).
     * Group g has puzzlesPerGroup[g] puzzles; puzzle sizes cycle through {@code sizes}; puzzle p has identifier p + 1.
     */
    private Path build(String name, int[] puzzlesPerGroup, int[] sizes) throws IOException {
        Path out = tmp.resolve(name);
        try (PuzzleDatasetWriter w = new PuzzleDatasetWriter(out, 3, 256)) {
            for (String split : List.of("train", "test")) {
                PuzzleDatasetWriter.Split s = w.split(split);
                int e = 0, p = 0;
                for (int count : puzzlesPerGroup) {
                    for (int k = 0; k < count; k++, p++) {
                        for (int j = 0; j < sizes[p % sizes.length]; j++, e++)
                            s.addExample(new int[]{e >> 8, e & 255, 7}, new int[]{e & 255, 0, 9});
                        s.endPuzzle(p + 1);
                    }
                    s.endGroup();
                }
            }
            int total = Arrays.stream(puzzlesPerGroup).sum();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i <= total; i++) ids.add(i == 0 ? "<blank>" : "p" + i);
            w.finish(ids);
        }
        return out;
    }

    private static int exampleOf(Batch b, int row) {
        int L = b.seqLen();
        return (b.inputs()[row * L] << 8) | b.inputs()[row * L + 1];
    }

    private static List<Batch> drain(BatchSampler s) {
        List<Batch> out = new ArrayList<>();
        for (Batch b : s.iteration()) out.add(b);
        return out;
    }

    @Test
    void oneExamplePerPuzzleVisitsEveryGroupEpochsPerIterTimes() throws IOException {
        // Sudoku-like: 12 groups of 3 puzzles of 1 example; 3 epochs per iteration, batch 4 → 9 full batches
        int[] ppg = new int[12];
        Arrays.fill(ppg, 3);
        try (PuzzleDataset ds = PuzzleDataset.open(build("s", ppg, new int[]{1}), "train")) {
            PuzzleSet set = ds.set("all");
            BatchSampler s = new BatchSampler(ds, 42, 4, 3);
            Set<Integer> seenPuzzles = new HashSet<>();
            for (int it = 1; it <= 20; it++) {
                List<Batch> batches = drain(s);
                assertEquals(9, batches.size());
                assertEquals(it, s.iters());
                int[] visits = new int[12];
                for (Batch b : batches) {
                    assertEquals(4, b.size());
                    assertEquals(4, b.effectiveSize());
                    for (int r = 0; r < 4; r++) {
                        int e = exampleOf(b, r);
                        int p = set.puzzleOfExample(e);
                        visits[p / 3]++;
                        seenPuzzles.add(p);
                        assertEquals(p + 1, b.puzzleIdentifiers()[r]);
                        assertArrayEquals(new int[]{e == 0 ? BatchSampler.IGNORE_LABEL_ID : e, BatchSampler.IGNORE_LABEL_ID, 9}, Arrays.copyOfRange(b.labels(), 3 * r, 3 * r + 3));
                        assertEquals(7, b.inputs()[3 * r + 2]);
                    }
                }
                int[] three = new int[12];
                Arrays.fill(three, 3);
                assertArrayEquals(three, visits, "each group visited epochs_per_iter times");
            }
            assertEquals(36, seenPuzzles.size(), "every augmentation gets drawn over 20 iterations");
        }
    }

    @Test
    void multiExamplePuzzlesFollowTheGroupOrder() throws IOException {
        // ARC-like: 9 groups with 1..3 puzzles of 1..5 examples; batch 7 so puzzles get truncated at batch ends
        int[] ppg = {1, 2, 3, 1, 2, 3, 1, 2, 3};
        try (PuzzleDataset ds = PuzzleDataset.open(build("a", ppg, new int[]{3, 1, 5, 2, 4}), "train")) {
            PuzzleSet set = ds.set("all");
            BatchSampler s = new BatchSampler(ds, 7, 7, 2);
            for (int it = 0; it < 10; it++) {
                s.beginIteration();
                int[] order = s.groupOrder().clone();
                assertEquals(18, order.length);
                for (int half = 0; half < 2; half++) {   // two permutations of the 9 groups
                    int[] sorted = Arrays.copyOfRange(order, 9 * half, 9 * half + 9);
                    Arrays.sort(sorted);
                    assertArrayEquals(new int[]{0, 1, 2, 3, 4, 5, 6, 7, 8}, sorted);
                }
                int pos = 0, batches = 0;
                for (Batch b; (b = s.next()) != null; batches++) {
                    assertEquals(7, b.effectiveSize());
                    int r = 0;
                    while (r < 7) {   // one visit: one puzzle of the next group, min(size, room) distinct examples
                        int g = order[pos++];
                        int p = set.puzzleOfExample(exampleOf(b, r));
                        assertTrue(p >= set.groupStart(g) && p < set.groupEnd(g), "puzzle " + p + " not in group " + g);
                        int size = set.puzzleEnd(p) - set.puzzleStart(p);
                        int take = Math.min(size, 7 - r);
                        Set<Integer> distinct = new HashSet<>();
                        for (int k = 0; k < take; k++, r++) {
                            int e = exampleOf(b, r);
                            assertEquals(p, set.puzzleOfExample(e));
                            assertTrue(distinct.add(e), "example drawn twice in one visit");
                            assertEquals(p + 1, b.puzzleIdentifiers()[r]);
                        }
                    }
                }
                assertTrue(batches >= 1);
                assertFalse(s.inIteration());
                // the groups left over could not fill another batch: every visit gives at least its smallest puzzle
                int leastLeft = 0;
                for (int i = pos; i < order.length; i++) {
                    int least = Integer.MAX_VALUE;
                    for (int p = set.groupStart(order[i]); p < set.groupEnd(order[i]); p++)
                        least = Math.min(least, set.puzzleEnd(p) - set.puzzleStart(p));
                    leastLeft += least;
                }
                assertTrue(leastLeft < 7, "dropped tail of " + leastLeft + "+ examples");
            }
        }
    }

    @Test
    void deterministicPerSeed() throws IOException {
        try (PuzzleDataset ds = PuzzleDataset.open(build("d", new int[]{2, 2, 2, 2, 2, 2}, new int[]{2, 3}), "train")) {
            List<Batch> a = drain(new BatchSampler(ds, 5, 4, 4));
            List<Batch> b = drain(new BatchSampler(ds, 5, 4, 4));
            List<Batch> c = drain(new BatchSampler(ds, 6, 4, 4));
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i).inputs(), b.get(i).inputs());
                assertArrayEquals(a.get(i).puzzleIdentifiers(), b.get(i).puzzleIdentifiers());
            }
            boolean differs = a.size() != c.size();
            for (int i = 0; !differs && i < a.size(); i++) differs = !Arrays.equals(a.get(i).inputs(), c.get(i).inputs());
            assertTrue(differs, "another seed gives another stream");
        }
    }

    @Test
    void snapshotRestoreContinuesIdentically() throws IOException {
        try (PuzzleDataset ds = PuzzleDataset.open(build("r", new int[]{1, 3, 2, 1, 2}, new int[]{2, 1, 4}), "train")) {
            for (int cut : new int[]{0, 1, 3, 7}) {
                BatchSampler a = new BatchSampler(ds, 11, 3, 2);
                // advance by `cut` batches across iteration boundaries
                int taken = 0;
                while (taken < cut) {
                    if (!a.inIteration()) a.beginIteration();
                    if (a.next() != null) taken++;
                }
                BatchSampler.State st = a.snapshot();
                List<Batch> expected = new ArrayList<>();
                for (int k = 0; k < 12; k++) {
                    if (!a.inIteration()) a.beginIteration();
                    Batch b = a.next();
                    if (b != null) expected.add(b);
                }
                BatchSampler b = new BatchSampler(ds, 11, 3, 2);
                b.restore(new BatchSampler.State(st.words()));
                assertEquals(st, b.snapshot());
                List<Batch> got = new ArrayList<>();
                for (int k = 0; k < 12; k++) {
                    if (!b.inIteration()) b.beginIteration();
                    Batch x = b.next();
                    if (x != null) got.add(x);
                }
                assertEquals(expected.size(), got.size());
                for (int i = 0; i < got.size(); i++) {
                    assertArrayEquals(expected.get(i).inputs(), got.get(i).inputs(), "cut " + cut + " batch " + i);
                    assertArrayEquals(expected.get(i).labels(), got.get(i).labels());
                    assertArrayEquals(expected.get(i).puzzleIdentifiers(), got.get(i).puzzleIdentifiers());
                }
                assertEquals(a.snapshot(), b.snapshot());
            }
            BatchSampler other = new BatchSampler(ds, 12, 3, 2);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> other.restore(new BatchSampler(ds, 11, 3, 2).snapshot()));
            assertTrue(e.getMessage().contains("seed 11"), e.getMessage());
        }
    }

    @Test
    void testSplitInOrderWithPaddedLastBatch() throws IOException {
        Path out = build("t", new int[]{2, 1, 3}, new int[]{2, 1, 3});   // 6 puzzles, 2+1+3+2+1+3 = 12 examples
        try (PuzzleDataset ds = PuzzleDataset.open(out, "test")) {
            List<Batch> batches = new ArrayList<>();
            for (Batch b : BatchSampler.testBatches(ds, 5)) batches.add(b);
            assertEquals(3, batches.size());
            assertEquals(3, BatchSampler.testBatchCount(ds, 5));
            assertArrayEquals(new int[]{5, 5, 2}, batches.stream().mapToInt(Batch::effectiveSize).toArray());
            int[] expectedIds = {1, 1, 2, 3, 3, 3, 4, 4, 5, 6, 6, 6};
            for (int e = 0; e < 12; e++) {
                Batch b = batches.get(e / 5);
                assertEquals(e, exampleOf(b, e % 5));
                assertEquals(expectedIds[e], b.puzzleIdentifiers()[e % 5], "example " + e);
                assertEquals(BatchSampler.IGNORE_LABEL_ID, b.labels()[3 * (e % 5) + 1]);
            }
            Batch last = batches.get(2);
            assertEquals(5, last.size());
            for (int r = 2; r < 5; r++) {
                assertArrayEquals(new int[]{0, 0, 0}, Arrays.copyOfRange(last.inputs(), 3 * r, 3 * r + 3), "pad_id");
                assertArrayEquals(new int[]{-100, -100, -100}, Arrays.copyOfRange(last.labels(), 3 * r, 3 * r + 3));
                assertEquals(0, last.puzzleIdentifiers()[r], "blank identifier");
            }
            List<Batch> exact = new ArrayList<>();
            for (Batch b : BatchSampler.testBatches(ds, 4)) exact.add(b);
            assertEquals(3, exact.size());
            assertEquals(3, BatchSampler.testBatchCount(ds, 4));
            assertEquals(4, exact.get(2).effectiveSize());
        }
    }

    @Test
    void totalStepsIsTheOfficialEstimate() {
        PuzzleDatasetMetadata sudoku = new PuzzleDatasetMetadata(0, 0, 0, 11, 81, 1, 1000, 1.0, 1000, List.of("all"));
        assertEquals(65104, BatchSampler.totalSteps(sudoku, 50000, 768));
        PuzzleDatasetMetadata arc1 = new PuzzleDatasetMetadata(0, 0, 0, 12, 900, 1, 960, 3633410.0 / 876405, 876405, List.of("all"));
        assertEquals(518226, BatchSampler.totalSteps(arc1, 100000, 768));
        PuzzleDatasetMetadata arc2 = new PuzzleDatasetMetadata(0, 0, 0, 12, 900, 1, 1280, 4.332593232186176, 1, List.of("all"));
        assertEquals(722098, BatchSampler.totalSteps(arc2, 100000, 768));
    }
}
