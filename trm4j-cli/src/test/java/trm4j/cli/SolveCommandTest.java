package trm4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trm4j.api.Solution;
import trm4j.api.TinyCheckpoints;
import trm4j.api.Trm;
import trm4j.cli.view.Ansi;
import trm4j.cli.view.MazeView;
import trm4j.cli.view.PuzzleView;
import trm4j.cli.view.SudokuView;
import trm4j.data.sudoku.SudokuShape;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static trm4j.cli.CliRun.run;

/** {@code trm solve} on a randomly initialised 4×4 Sudoku checkpoint: rendering, steps, verdicts, JSON, errors. */
class SolveCommandTest {
    @TempDir Path dir;

    static final String PUZZLE = "1..4....2..3....";
    static final String SOLUTION = "1234341221434321";

    private Path sudokuCheckpoint(String name, float qHaltBias) throws Exception {
        var arch = TinyCheckpoints.arch(16, 6, 1, 0, 3);
        return TinyCheckpoints.save(dir.resolve(name), arch, arch, List.of(dir.resolve("absent").toString()), 7,
                m -> m.qHeadBias.value[0] = qHaltBias);
    }

    @Test
    void showsEveryStepAndJudgesTheAnswer() throws Exception {
        Path ck = sudokuCheckpoint("run", -5f);
        String[] r = run("solve", "--checkpoint", dir.resolve("run").toString(), "--plain", PUZZLE);
        assertEquals("0", r[0], r[2]);
        String out = r[1];
        List<String> lines = out.lines().toList();
        assertEquals("puzzle 1 (sudoku 4x4)", lines.get(0));
        assertEquals(" 1 . | . 4", lines.get(1));
        assertEquals(" . . | . .", lines.get(2));
        assertEquals(" ----+-----", lines.get(3));
        assertEquals(" 2 . | . 3", lines.get(4));
        for (int s = 1; s <= 3; s++) assertTrue(out.contains("step " + s + "/3  halt 0.007"), out);
        assertFalse(out.contains("step 4/"), out);

        Solution sol = Trm.load(ck).solve(new SudokuView(SudokuShape.S4, new Ansi(false)).parse(PUZZLE, "p"));
        assertEquals(3, sol.steps().size());
        var verdict = new SudokuView(SudokuShape.S4, new Ansi(false)).judge(new SudokuView(SudokuShape.S4, new Ansi(false)).parse(PUZZLE, "p"), sol.answer());
        assertTrue(lines.getLast().startsWith("result: " + (verdict.correct() ? "CORRECT: " : "WRONG: ") + verdict.text()), lines.getLast());
        // the step-1 changes are counted against the puzzle itself
        int changed = PuzzleView.changed(new SudokuView(SudokuShape.S4, new Ansi(false)).parse(PUZZLE, "p"), sol.steps().getFirst().prediction());
        assertTrue(out.contains("step 1/3  halt 0.007  " + changed + " changed"), out);
    }

    @Test
    void jsonHasOneObjectPerPuzzleWithTheStepsAndTheVerdict() throws Exception {
        Path ck = sudokuCheckpoint("run", -5f);
        Path file = dir.resolve("puzzles.txt");
        Files.writeString(file, "source,question,answer,rating\nx," + PUZZLE + "," + SOLUTION + ",0\n\n" + SOLUTION + "\n");
        String[] r = run("solve", "--checkpoint", ck.toString(), "--format", "json", file.toString());
        assertEquals("0", r[0], r[2]);
        List<String> lines = r[1].lines().toList();
        assertEquals(2, lines.size(), r[1]);
        Trm trm = Trm.load(ck);
        SudokuView view = new SudokuView(SudokuShape.S4, new Ansi(false));
        for (int i = 0; i < 2; i++) {
            JsonNode o = new ObjectMapper().readTree(lines.get(i));
            String input = i == 0 ? PUZZLE : SOLUTION;
            Solution s = trm.solve(view.parse(input, "p"));
            assertEquals(i + 1, o.get("puzzle").asInt());
            assertEquals("sudoku", o.get("task").asText());
            assertEquals(input, o.get("input").asText());
            assertEquals(3, o.get("steps").size());
            assertEquals(3, o.get("steps_run").asInt());
            assertFalse(o.get("halted").asBoolean());
            for (int k = 0; k < 3; k++) {
                JsonNode st = o.get("steps").get(k);
                assertEquals(k + 1, st.get("step").asInt());
                assertEquals(view.format(s.steps().get(k).prediction()), st.get("answer").asText());
                double q = st.get("q_halt_logit").asDouble();
                assertEquals(1 / (1 + Math.exp(-q)), st.get("halt_probability").asDouble(), 1e-12);
            }
            assertEquals(view.format(s.answer()), o.get("answer").asText());
            assertEquals(view.judge(view.parse(input, "p"), s.answer()).correct(), o.get("correct").asBoolean());
        }
    }

    @Test
    void haltStopsAtTheFirstPositiveQHalt() throws Exception {
        Path ck = sudokuCheckpoint("eager", 3f);   // q_head weight 0: q_halt = 3 at every step
        String[] r = run("solve", "--checkpoint", ck.toString(), "--format", "json", "--halt", PUZZLE);
        assertEquals("0", r[0], r[2]);
        JsonNode o = new ObjectMapper().readTree(r[1]);
        assertEquals(1, o.get("steps_run").asInt());
        assertTrue(o.get("halted").asBoolean());
        assertEquals(1 / (1 + Math.exp(-3.0)), o.get("steps").get(0).get("halt_probability").asDouble(), 1e-7);
        r = run("solve", "--checkpoint", ck.toString(), "--format", "json", PUZZLE);
        assertEquals(3, new ObjectMapper().readTree(r[1]).get("steps_run").asInt(), "without --halt: halt_max_steps");

        // --halt-threshold: q_halt = 3 is above 2.5 (halts at step 1) but not above 3.5 (runs to the limit, not halted)
        o = new ObjectMapper().readTree(run("solve", "--checkpoint", ck.toString(), "--format", "json", "--halt-threshold", "2.5", PUZZLE)[1]);
        assertEquals(1, o.get("steps_run").asInt());
        assertTrue(o.get("halted").asBoolean());
        o = new ObjectMapper().readTree(run("solve", "--checkpoint", ck.toString(), "--format", "json", "--halt-threshold", "3.5", PUZZLE)[1]);
        assertEquals(3, o.get("steps_run").asInt());
        assertFalse(o.get("halted").asBoolean());
    }

    @Test
    void badPuzzlesAreOneLine() throws Exception {
        Path ck = sudokuCheckpoint("run", -5f);
        String[] r = run("solve", "--checkpoint", ck.toString(), "1..4....2..3...");
        assertEquals("2", r[0]);
        assertEquals("trm: puzzle 1: 15 cells; a 4x4 Sudoku needs 16 (one line, '.' or '0' for blanks)", r[2].strip());
        r = run("solve", "--checkpoint", ck.toString(), "1..4....2..3..x.");
        assertEquals("2", r[0]);
        assertEquals("trm: puzzle 1: character 15 'x' is not a digit 1-4 or a blank ('.' or '0')", r[2].strip());
        Path file = dir.resolve("bad.txt");
        Files.writeString(file, PUZZLE + "\n1..5....2..3....\n");
        r = run("solve", "--checkpoint", ck.toString(), file.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].strip().startsWith("trm: " + file + " line 2: character 4 '5'"), r[2]);
        assertEquals(1, r[2].strip().lines().count());
        r = run("solve", "--checkpoint", ck.toString(), "--task", "maze", PUZZLE);
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("trm: puzzle 1: character 1 '1' is not one of '#' wall"), r[2]);
        r = run("solve", "--checkpoint", dir.resolve("nothing").toString(), PUZZLE);
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("no such checkpoint or run directory"), r[2]);
    }

    @Test
    void verdicts() {
        SudokuView v = new SudokuView(SudokuShape.S4, new Ansi(false));
        int[] puzzle = v.parse(PUZZLE, "p");
        assertEquals(true, v.judge(puzzle, v.parse(SOLUTION, "s")).correct());
        // a valid grid that contradicts the given 1 in the corner (digits 1↔2 swapped)
        assertEquals(new PuzzleView.Verdict(false, "a valid grid, but it changes a given"), v.judge(puzzle, v.parse("2134342112434312", "s")));
        // a prediction is not a puzzle: it may repeat digits (parse refuses that for puzzles)
        int[] repeats = "1234341221434312".chars().map(c -> c - '0' + 1).toArray();
        assertEquals(false, v.judge(puzzle, repeats).correct());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.parse("11..............", "p"));
        assertEquals("p: the given 1 at row 1, column 2 repeats in its row, column or box: the puzzle has no solution", e.getMessage());
        // maze: the path must be a shortest S–G path with nothing else marked
        MazeView m = new MazeView(3, new Ansi(false));
        int[] maze = m.parse("S G######", "m");
        assertTrue(m.judge(maze, m.parse("SoG######", "a")).correct());
        assertFalse(m.judge(maze, maze).correct());
        assertEquals(List.of("S o*G", "######", "######"), m.render(maze, m.parse("SoG######", "a"), maze));
        assertEquals(List.of("S . G", "######", "######"), m.render(maze, maze, null), "plain text marks open cells");
        assertEquals("m: 0 start 'S' and 1 goal 'G' cells; a maze needs exactly one of each",
                assertThrows(IllegalArgumentException.class, () -> m.parse("  G######", "m")).getMessage());
    }
}
