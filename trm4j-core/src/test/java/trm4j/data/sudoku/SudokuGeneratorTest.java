package trm4j.data.sudoku;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SudokuGeneratorTest {
    @Test
    void generatedPuzzlesAreValidUniqueAndMinimalOverManySeeds() {
        int[][] plan = {{4, 60}, {6, 40}, {9, 20}};   // size, seeds
        for (int[] sp : plan) {
            SudokuShape shape = SudokuShape.ofSize(sp[0]);
            SudokuSolver solver = new SudokuSolver(shape);
            for (long seed = 0; seed < sp[1]; seed++) {
                SudokuGenerator.Puzzle p = new SudokuGenerator(shape, seed).next();
                assertTrue(shape.isValidSolution(p.answer()), shape + " seed " + seed);
                assertTrue(SudokuShape.agrees(p.question(), p.answer()));
                SudokuSolver.Result r = solver.solve(p.question(), 2);
                assertEquals(1, r.solutions(), shape + " seed " + seed + " must be uniquely solvable");
                assertArrayEquals(p.answer(), r.solution());
                assertEquals(r.backtracks(), p.rating());
                // Minimal: removing any remaining clue makes the solution non-unique.
                for (int i = 0; i < shape.cells; i++) {
                    if (p.question()[i] == 0) continue;
                    byte[] q = p.question().clone();
                    q[i] = 0;
                    assertTrue(solver.solve(q, 2).solutions() > 1, shape + " seed " + seed + ": clue " + i + " is redundant");
                }
            }
        }
    }

    @Test
    void seededAndDeterministicAndHonoursMinRating() {
        SudokuGenerator a = new SudokuGenerator(SudokuShape.S9, 42), b = new SudokuGenerator(SudokuShape.S9, 42);
        for (int k = 0; k < 3; k++) {
            SudokuGenerator.Puzzle pa = a.next(1), pb = b.next(1);
            assertArrayEquals(pa.question(), pb.question());
            assertTrue(pa.rating() >= 1, "rating " + pa.rating());
        }
        assertEquals(a.attempts(), b.attempts());
        assertFalse(java.util.Arrays.equals(new SudokuGenerator(SudokuShape.S9, 1).next().answer(),
                new SudokuGenerator(SudokuShape.S9, 2).next().answer()));
    }
}
