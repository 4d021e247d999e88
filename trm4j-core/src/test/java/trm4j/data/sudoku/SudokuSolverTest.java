package trm4j.data.sudoku;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SudokuSolverTest {
    /** Well-known hard 9×9 puzzles with their published unique answers. */
    static final String[][] HARD = {
            {"AI Escargot (Inkala 2006)",
                    "1....7.9..3..2...8..96..5....53..9...1..8...26....4...3......1..4......7..7...3..",
                    "162857493534129678789643521475312986913586742628794135356478219241935867897261354"},
            {"Inkala 2010",
                    "8..........36......7..9.2...5...7.......457.....1...3...1....68..85...1..9....4..",
                    "812753649943682175675491283154237896369845721287169534521974368438526917796318452"},
            {"Easter Monster",
                    "1.......2.9.4...5...6...7...5.9.3.......7.......85..4.7.....6...3...9.8...2.....1",
                    "174385962293467158586192734451923876928674315367851249719548623635219487842736591"},
            {"top95 #1",
                    "4.....8.5.3..........7......2.....6.....8.4......1.......6.3.7.5..2.....1.4......",
                    "417369825632158947958724316825437169791586432346912758289643571573291684164875293"},
    };

    @Test
    void solvesWellKnownHardPuzzlesUniquelyAndFast() {
        SudokuSolver solver = new SudokuSolver(SudokuShape.S9);
        for (String[] h : HARD) {
            byte[] puzzle = SudokuShape.S9.parse(h[1]);
            assertNotNull(puzzle, h[0]);
            for (int warm = 0; warm < 20; warm++) solver.solve(puzzle, 2);
            SudokuSolver.Result r = null;
            double ms = Double.MAX_VALUE;   // best of 10: robust to a loaded machine
            for (int k = 0; k < 10; k++) {
                long t0 = System.nanoTime();
                r = solver.solve(puzzle, 2);
                ms = Math.min(ms, (System.nanoTime() - t0) / 1e6);
            }
            assertEquals(h[2], SudokuShape.format(r.solution()), h[0]);
            assertEquals(1, r.solutions(), h[0] + " must have exactly one solution");
            assertTrue(r.backtracks() > 0, h[0] + " is hard: it needs search, rating " + r.backtracks());
            assertTrue(ms < 50, h[0] + " took " + ms + " ms");
            System.out.printf("%s: %.3f ms, rating %d%n", h[0], ms, r.backtracks());
        }
    }

    @Test
    void countsSolutionsUpToTheLimit() {
        SudokuSolver solver = new SudokuSolver(SudokuShape.S9);
        byte[] puzzle = SudokuShape.S9.parse(HARD[0][1]);
        byte[] answer = SudokuShape.S9.parse(HARD[0][2]);
        // Remove clues until the puzzle has several solutions; every solution found must still be valid.
        byte[] loose = puzzle.clone();
        int removed = 0;
        for (int i = 0; i < loose.length && removed < 3; i++) if (loose[i] != 0) { loose[i] = 0; removed++; }
        SudokuSolver.Result r = solver.solve(loose, 5);
        assertTrue(r.solutions() > 1 && r.solutions() <= 5, "solutions " + r.solutions());
        assertTrue(SudokuShape.S9.isValidSolution(r.solution()));
        assertTrue(SudokuShape.agrees(loose, r.solution()));
        // The empty grid has more than 1000 solutions: the count stops at the limit.
        assertEquals(1000, solver.solve(new byte[81], 1000).solutions());
        // A contradiction among the givens: two 1s in the first row.
        byte[] bad = answer.clone();
        bad[1] = bad[0];
        SudokuSolver.Result none = solver.solve(bad, 2);
        assertNull(none.solution());
        assertEquals(0, none.solutions());
        assertEquals(-1, solver.rate(bad));
    }

    @Test
    void solvedGridsAndEasyPuzzlesNeedNoBacktracking() {
        SudokuSolver solver = new SudokuSolver(SudokuShape.S9);
        byte[] answer = SudokuShape.S9.parse(HARD[1][2]);
        SudokuSolver.Result r = solver.solve(answer, 2);
        assertArrayEquals(answer, r.solution());
        assertEquals(1, r.solutions());
        assertEquals(0, r.backtracks());
        byte[] oneBlank = answer.clone();
        oneBlank[40] = 0;
        assertArrayEquals(answer, solver.solve(oneBlank, 2).solution());
        assertEquals(0, solver.rate(oneBlank));
    }

    @Test
    void solvesSmallGrids() {
        // 4×4 (2×2 boxes) and 6×6 (2×3 boxes) puzzles with known unique answers.
        SudokuSolver s4 = new SudokuSolver(SudokuShape.S4);
        byte[] p4 = SudokuShape.S4.parse("1....4...3.....2");
        SudokuSolver.Result r4 = s4.solve(p4, 2);
        assertTrue(SudokuShape.S4.isValidSolution(r4.solution()));
        assertTrue(SudokuShape.agrees(p4, r4.solution()));
        SudokuSolver s6 = new SudokuSolver(SudokuShape.S6);
        String sol6 = "123456456123231564564231312645645312";
        assertTrue(SudokuShape.S6.isValidSolution(SudokuShape.S6.parse(sol6)));
        byte[] p6 = SudokuShape.S6.parse(sol6);
        for (int i = 0; i < p6.length; i += 2) p6[i] = 0;
        SudokuSolver.Result r6 = s6.solve(p6, 10);
        assertTrue(r6.solutions() >= 1);
        assertTrue(SudokuShape.S6.isValidSolution(r6.solution()));
        assertTrue(SudokuShape.agrees(p6, r6.solution()));
        // A 6×6 grid that is Latin but breaks the 2×3 boxes is rejected.
        assertFalse(SudokuShape.S6.isValidSolution(SudokuShape.S6.parse("123456234561345612456123561234612345")));
    }
}
