package trm4j.data.sudoku;

import org.junit.jupiter.api.Test;
import trm4j.data.Batch;
import trm4j.data.SamplerRng;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Fresh Sudoku augmentation at every draw: valid puzzles and solutions, the curriculum's schedule, bad data refused. */
class SudokuBatchAugmentTest {

    /** {@code n} generated puzzles of {@code size} as one batch of tokens (value + 1). */
    static Batch batch(int size, int n, long seed) {
        SudokuShape shape = SudokuShape.ofSize(size);
        List<SudokuGenerator.Puzzle> ps = SudokuDatasets.puzzles(shape, n, 0, seed);
        int L = shape.cells;
        int[] in = new int[n * L], lab = new int[n * L];
        for (int b = 0; b < n; b++)
            for (int i = 0; i < L; i++) {
                in[b * L + i] = ps.get(b).question()[i] + 1;
                lab[b * L + i] = ps.get(b).answer()[i] + 1;
            }
        return new Batch(in, lab, new int[n], n, n);
    }

    static byte[] grid(int[] tokens, int row, int L) {
        byte[] g = new byte[L];
        for (int i = 0; i < L; i++) g[i] = (byte) (tokens[row * L + i] - 1);
        return g;
    }

    @Test
    void shuffledExamplesStayPuzzlesOfTheirSolutions() {
        for (int size : new int[]{4, 6, 9}) {
            Batch b = batch(size, 12, size);
            int[] before = b.inputs().clone();
            SudokuShape shape = SudokuShape.ofSize(size);
            new SudokuBatchAugment(shape.cells, true, 0, 0).apply(b, 1, new SamplerRng(5));
            assertFalse(java.util.Arrays.equals(before, b.inputs()), "the examples change");
            for (int r = 0; r < 12; r++) {
                byte[] q = grid(b.inputs(), r, shape.cells), a = grid(b.labels(), r, shape.cells);
                assertTrue(shape.isValidSolution(a), size + "x" + size + " row " + r + ": solution stays valid");
                assertTrue(SudokuShape.agrees(q, a), "row " + r + ": givens agree with the solution");
                SudokuSolver.Result solved = new SudokuSolver(shape).solve(q, 2);
                assertTrue(solved.unique(), "row " + r + ": still one solution");
                assertArrayEquals(a, solved.solution(), "row " + r + ": the puzzle's solution is the label");
                int givens = 0, givensBefore = 0;
                for (int i = 0; i < shape.cells; i++) {
                    if (q[i] != 0) givens++;
                    if (before[r * shape.cells + i] != 1) givensBefore++;
                }
                assertEquals(givensBefore, givens, "a symmetry keeps the number of givens");
            }
        }
    }

    @Test
    void theCurriculumGivesBackCellsAtItsScheduledRate() {
        SudokuBatchAugment aug = new SudokuBatchAugment(81, false, 0.6, 1000);
        assertEquals(0.6, aug.revealAt(0), 1e-12);
        assertEquals(0.3, aug.revealAt(500), 1e-12);
        assertEquals(0.0, aug.revealAt(1000), 0);
        assertEquals(0.0, aug.revealAt(5000), 0);
        Batch b = batch(9, 40, 3);
        int blanks = count(b.inputs(), 1);
        int[] labels = b.labels().clone();
        aug.apply(b, 500, new SamplerRng(9));
        int left = count(b.inputs(), 1);
        double given = 1 - (double) left / blanks;
        assertEquals(0.15, given, 0.03, "on average 15 % (u · 30 %, u uniform) of " + blanks + " blanks given back at step 500");
        assertArrayEquals(labels, b.labels(), "labels untouched without a symmetry");
        for (int i = 0; i < labels.length; i++) assertTrue(b.inputs()[i] == 1 || b.inputs()[i] == labels[i], "given digits are the solution's");
        Batch late = batch(9, 4, 3);
        int[] same = late.inputs().clone();
        aug.apply(late, 1000, new SamplerRng(9));
        assertArrayEquals(same, late.inputs(), "no cell given back from curriculum_steps on");
    }

    @Test
    void withoutCurriculumStepsTheMixLastsAndEachExampleHasItsOwnShare() {
        SudokuBatchAugment aug = new SudokuBatchAugment(81, false, 0.8, 0);
        assertEquals(0.8, aug.revealAt(1_000_000), 0);
        Batch b = batch(9, 60, 4);
        int[] before = b.inputs().clone();
        aug.apply(b, 1_000_000, new SamplerRng(2));
        double lo = 1, hi = 0;
        for (int r = 0; r < 60; r++) {
            int blanks = 0, given = 0;
            for (int i = r * 81; i < (r + 1) * 81; i++)
                if (before[i] == 1) { blanks++; if (b.inputs()[i] != 1) given++; }
            lo = Math.min(lo, (double) given / blanks);
            hi = Math.max(hi, (double) given / blanks);
        }
        assertTrue(lo < 0.1 && hi > 0.6, "shares from near minimal to easy: " + lo + " .. " + hi);
    }

    @Test
    void theSameStreamGivesTheSameExamples() {
        Batch a = batch(6, 8, 1), b = batch(6, 8, 1);
        new SudokuBatchAugment(36, true, 0.5, 100).apply(a, 10, new SamplerRng(42));
        new SudokuBatchAugment(36, true, 0.5, 100).apply(b, 10, new SamplerRng(42));
        assertArrayEquals(a.inputs(), b.inputs());
        assertArrayEquals(a.labels(), b.labels());
    }

    @Test
    void dataThatIsNoSudokuIsRefusedWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SudokuBatchAugment(30, true, 0, 0));
        assertTrue(e.getMessage().contains("seq_len 30"), e.getMessage());
        Batch b = batch(4, 2, 1);
        b.labels()[5] = -100;
        e = assertThrows(IllegalArgumentException.class, () -> new SudokuBatchAugment(16, true, 0, 0).apply(b, 1, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("token -100 at position 5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SudokuBatchAugment(16, true, 1.0, 10));
        assertThrows(IllegalArgumentException.class, () -> new SudokuBatchAugment(16, true, 0.5, -1));
    }

    private static int count(int[] a, int v) {
        int n = 0;
        for (int x : a) if (x == v) n++;
        return n;
    }
}
