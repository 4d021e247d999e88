package trm4j.data.sudoku;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class SudokuTransformTest {
    @Test
    void augmentationKeepsPuzzlesValidMapsSolutionsAndInverts() {
        for (SudokuShape shape : new SudokuShape[] {SudokuShape.S4, SudokuShape.S6, SudokuShape.S9}) {
            SudokuGenerator gen = new SudokuGenerator(shape, 7);
            SudokuSolver solver = new SudokuSolver(shape);
            SplittableRandom rng = new SplittableRandom(11);
            int transposed = 0, moved = 0;
            for (int k = 0; k < 20; k++) {
                SudokuGenerator.Puzzle p = gen.next();
                SudokuTransform t = SudokuTransform.random(shape, rng);
                byte[] q = t.apply(p.question()), a = t.apply(p.answer());
                assertTrue(shape.isValidSolution(a), shape + ": transformed answer must be a valid grid");
                assertTrue(SudokuShape.agrees(q, a), shape + ": transformed answer must fit the transformed puzzle");
                SudokuSolver.Result r = solver.solve(q, 2);
                assertEquals(1, r.solutions(), shape + ": uniqueness is preserved");
                assertArrayEquals(a, r.solution(), shape + ": the solution maps to the solution");
                assertEquals(count(p.question()), count(q), "same number of clues");
                SudokuTransform inv = t.inverse();
                assertArrayEquals(p.question(), inv.apply(q), shape + ": inverse after apply = identity");
                assertArrayEquals(p.answer(), inv.apply(a));
                assertArrayEquals(a, t.apply(inv.apply(a)), shape + ": apply after inverse = identity");
                if (t.transpose()) transposed++;
                if (!java.util.Arrays.equals(a, p.answer())) moved++;
            }
            assertEquals(20, moved, shape + ": random transforms change the grid");
            if (shape.transposable()) assertTrue(transposed > 2 && transposed < 18, "transpose coin " + transposed);
            else assertEquals(0, transposed, "no transpose for rectangular boxes");
        }
    }

    @Test
    void transformFollowsTheOfficialDefinition() {
        // new (r, c) = digitMap[old (rowPerm[r], colPerm[c])] after an optional transpose.
        SudokuShape s = SudokuShape.S4;
        byte[] g = s.parse("1234341221434321");
        SudokuTransform t = new SudokuTransform(s, new int[] {0, 2, 1, 3, 4}, true, new int[] {2, 3, 0, 1}, new int[] {1, 0, 2, 3});
        byte[] out = t.apply(g);
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 4; c++)
                assertEquals(t.digitMap()[g[t.colPerm()[c] * 4 + t.rowPerm()[r]]], out[r * 4 + c]);
        assertEquals("1234", SudokuShape.format(SudokuTransform.identity(s).apply(g)).substring(0, 4));
        // Row permutations are band-structured: rows of one band stay together.
        SudokuTransform r9 = SudokuTransform.random(SudokuShape.S9, new SplittableRandom(3));
        for (int band = 0; band < 3; band++) {
            int b = r9.rowPerm()[band * 3] / 3;
            for (int k = 0; k < 3; k++) assertEquals(b, r9.rowPerm()[band * 3 + k] / 3);
        }
    }

    private static int count(byte[] g) {
        int n = 0;
        for (byte v : g) if (v != 0) n++;
        return n;
    }
}
