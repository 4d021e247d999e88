package trm4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import trm4j.api.ArcSolver;
import trm4j.api.Solution;
import trm4j.cli.view.Ansi;
import trm4j.cli.view.PuzzleView;
import trm4j.cli.view.SolutionJson;
import trm4j.data.TaskFamily;
import trm4j.data.PuzzleIdentifiers;
import trm4j.data.arc.ArcPair;
import trm4j.data.sudoku.SudokuShape;
import trm4j.data.sudoku.SudokuSolver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One solve request: the puzzle is checked and parsed by the task's {@link PuzzleView} (as {@code trm solve} reads
 * it), run through every ACT step with {@link trm4j.api.Trm}, and answered in the JSON of {@code trm solve
 * --format json} plus what the page draws: the cells each step changed, the wrong cells when the solution is
 * known (Sudoku: the exact solver's unique solution), and the step where the model would halt.
 */
final class Solver {
    /** ARC tasks not in the model's data set: random augmentations voted over (as {@code trm solve}'s default). */
    static final int ARC_AUGMENTATIONS = 8;
    /** Voted ARC answers returned per test input (the submission's two attempts). */
    static final int ARC_ATTEMPTS = 2;

    private Solver() {}

    static ObjectNode solve(ServedModel m, ObjectNode req) {
        ObjectNode out = m.kind() == TaskFamily.ARC ? arc(m, req) : grid(m, req);
        ObjectNode o = SolutionJson.JSON.createObjectNode();
        o.put("model", m.id());
        o.setAll(out);
        return o;
    }

    // ------------------------------------------------------------------------------------------- grids

    private static ObjectNode grid(ServedModel m, ObjectNode req) {
        JsonNode p = req.get("puzzle");
        if (p == null || !p.isTextual())
            throw HttpError.badRequest("give \"puzzle\": the " + m.kind().name().toLowerCase() + " as a string (model " + m.id() + ")");
        PuzzleView view = PuzzleView.of(m.kind(), m.trm().config(), new Ansi(false));   // a view per request: MazeView is not thread-safe
        String text = p.asText();
        if (m.kind() == TaskFamily.MAZE) text = mazeText(text);
        int[] input;
        try {
            input = view.parse(text, "puzzle");
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
        Solution s = m.trm().solve(input, 0, false);
        ObjectNode o = SolutionJson.grid(m.kind(), view, input, s, view.judge(input, s.answer()));
        int[] solution = m.kind() == TaskFamily.SUDOKU ? sudokuSolution(input, SudokuShape.ofCellCount(input.length), o) : null;
        ArrayNode steps = (ArrayNode) o.get("steps");
        int[] prev = input;
        Integer haltStep = null;
        for (int i = 0; i < s.steps().size(); i++) {
            Solution.Step st = s.steps().get(i);
            ObjectNode j = (ObjectNode) steps.get(i);
            j.set("changed_cells", cells(prev, st.prediction()));
            PuzzleView.Verdict v = view.judge(input, st.prediction());
            if (v.correct() == null) j.putNull("correct");
            else j.put("correct", v.correct());
            if (solution != null) j.set("wrong_cells", cells(solution, st.prediction()));
            if (haltStep == null && st.qHaltLogit() > 0) haltStep = st.index();
            prev = st.prediction();
        }
        if (haltStep == null) o.putNull("halt_step");
        else o.put("halt_step", haltStep);
        return o;
    }

    /** A maze pasted as rows (one line each) or as one line of side² characters. */
    static String mazeText(String text) {
        String t = text.replace("\r", "");
        if (!t.contains("\n")) return t;
        StringBuilder sb = new StringBuilder();
        for (String line : t.strip().split("\n")) sb.append(line);
        return sb.toString();
    }

    /** The unique solution in tokens (recorded in {@code o} as "solution"), or null when there is none or several. */
    private static int[] sudokuSolution(int[] input, SudokuShape shape, ObjectNode o) {
        byte[] puzzle = new byte[input.length];
        for (int i = 0; i < input.length; i++) puzzle[i] = (byte) (input[i] - 1);
        SudokuSolver.Result r = new SudokuSolver(shape).solve(puzzle, 2);
        if (r.solutions() != 1) {
            o.putNull("solution");
            o.put("solution_note", r.solutions() == 0 ? "the puzzle has no solution" : "the puzzle has more than one solution");
            return null;
        }
        o.put("solution", SudokuShape.format(r.solution()));
        o.put("solution_note", "the unique solution (exact solver)");
        int[] t = new int[input.length];
        for (int i = 0; i < t.length; i++) t[i] = r.solution()[i] + 1;
        return t;
    }

    private static ArrayNode cells(int[] a, int[] b) {
        ArrayNode out = SolutionJson.JSON.createArrayNode();
        for (int i = 0; i < b.length; i++) if (a[i] != b[i]) out.add(i);
        return out;
    }

    // ------------------------------------------------------------------------------------------- ARC

    private static ObjectNode arc(ServedModel m, ObjectNode req) {
        JsonNode t = req.get("task");
        if (t == null || !t.isObject())
            throw HttpError.badRequest("give \"task\": an ARC task object {\"train\": [...], \"test\": [...]} (model " + m.id() + ")");
        String name = req.path("name").asText("task");
        SolutionJson.ArcInput in;
        try {
            List<SolutionJson.ArcInput> tasks = SolutionJson.arcTasks(t, name, "task");
            if (tasks.size() != 1) throw HttpError.badRequest("\"task\" holds " + tasks.size() + " tasks; send one at a time");
            in = tasks.getFirst();
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
        ArcSolver.Plan plan = ArcSolver.plan(in.task().id(), identifiers(m), ARC_AUGMENTATIONS, 0, 0);
        ArcSolver.Result r = ArcSolver.solve(m.trm(), in.task(), in.known(), plan, null, Math.max(1, plan.size()), null);
        ObjectNode o = SolutionJson.JSON.createObjectNode();
        o.put("kind", "arc");
        o.setAll(SolutionJson.arc(r, plan));
        ArrayNode demos = o.putArray("demos");
        for (ArcPair p : in.task().pairs("train"))
            demos.addObject().<ObjectNode>set("input", SolutionJson.grid(p.input())).set("output", SolutionJson.grid(p.output()));
        ArrayNode tests = (ArrayNode) o.get("tests");
        for (int i = 0; i < tests.size(); i++) {
            ObjectNode tj = (ObjectNode) tests.get(i);
            tj.set("input", SolutionJson.grid(r.tests().get(i).input()));
            ArrayNode cs = (ArrayNode) tj.get("candidates");
            while (cs.size() > ARC_ATTEMPTS) cs.remove(cs.size() - 1);
        }
        return o;
    }

    private static List<String> identifiers(ServedModel m) {
        Path data = m.trm().checkpoint().dataDir();
        if (data == null || !Files.isRegularFile(data.resolve(PuzzleIdentifiers.FILE_NAME))) return null;
        try {
            return PuzzleIdentifiers.read(data.resolve(PuzzleIdentifiers.FILE_NAME));
        } catch (IOException e) {
            return null;
        }
    }
}
