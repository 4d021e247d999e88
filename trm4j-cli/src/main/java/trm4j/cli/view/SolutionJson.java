package trm4j.cli.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import trm4j.api.ArcSolver;
import trm4j.api.Solution;
import trm4j.data.TaskFamily;
import trm4j.data.arc.ArcGrid;
import trm4j.data.arc.ArcTask;
import trm4j.data.arc.ArcTaskReader;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON forms of solve results and the reading of ARC task JSON, shared by {@code trm solve --format json}
 * and the {@code trm serve} API, so that both speak the same objects.
 */
public final class SolutionJson {
    private SolutionJson() {}

    public static final ObjectMapper JSON = new ObjectMapper();

    /** A grid puzzle's result: task, input, every step (answer, q_halt, halt probability, changed count), answer and verdict. */
    public static ObjectNode grid(TaskFamily kind, PuzzleView view, int[] input, Solution s, PuzzleView.Verdict v) {
        ObjectNode o = JSON.createObjectNode();
        o.put("task", kind.name().toLowerCase(Locale.ROOT));
        o.put("input", view.format(input));
        ArrayNode steps = o.putArray("steps");
        int[] prev = input;
        for (Solution.Step st : s.steps()) {
            ObjectNode j = steps.addObject();
            j.put("step", st.index());
            j.put("answer", view.format(st.prediction()));
            j.put("q_halt_logit", st.qHaltLogit());
            j.put("halt_probability", st.haltProbability());
            j.put("changed", PuzzleView.changed(prev, st.prediction()));
            prev = st.prediction();
        }
        o.put("answer", view.format(s.answer()));
        o.put("steps_run", s.steps().size());
        o.put("halted", s.halted());
        if (v.correct() == null) o.putNull("correct");
        else o.put("correct", v.correct());
        o.put("verdict", v.text());
        return o;
    }

    /** An ARC task's voted answers per test input (all candidates, best first) and the rank of the expected grid. */
    public static ObjectNode arc(ArcSolver.Result r, ArcSolver.Plan plan) {
        ObjectNode o = JSON.createObjectNode();
        o.put("task", r.task());
        o.put("versions", plan.size());
        o.put("trained", plan.trained());
        ArrayNode tests = o.putArray("tests");
        for (int i = 0; i < r.tests().size(); i++) {
            ArcSolver.TestResult tr = r.tests().get(i);
            ObjectNode t = tests.addObject();
            t.put("test", i + 1);
            ArrayNode cs = t.putArray("candidates");
            for (var c : tr.candidates()) {
                ObjectNode j = cs.addObject();
                j.set("grid", grid(c.grid()));
                j.put("votes", c.votes());
                j.put("mean_q", c.meanQ());
            }
            if (tr.expected() == null) t.putNull("expected");
            else t.set("expected", grid(tr.expected()));
            if (tr.expected() == null) t.putNull("rank_of_expected");
            else t.put("rank_of_expected", tr.rankOfExpected());
        }
        return o;
    }

    public static ArrayNode grid(ArcGrid g) {
        ArrayNode rows = JSON.createArrayNode();
        for (int[] row : g.toRows()) {
            ArrayNode a = rows.addArray();
            for (int v : row) a.add(v);
        }
        return rows;
    }

    /** An ARC task whose test outputs may be missing ({@code known[i]} false: test output i is unknown). */
    public record ArcInput(ArcTask task, boolean[] known) {}

    /**
     * A task object ({"train", "test"}) named {@code name}, or a Kaggle challenges object (task id → task).
     * IllegalArgumentException naming {@code where} on anything malformed (grids over 30×30, colours over 9, …).
     */
    public static List<ArcInput> arcTasks(JsonNode root, String name, String where) {
        if (!(root instanceof ObjectNode obj)) throw new IllegalArgumentException(where + ": top level must be a JSON object (an ARC task)");
        List<ArcInput> out = new ArrayList<>();
        if (obj.has("train")) {
            out.add(arcTask(name.endsWith(".json") ? name.substring(0, name.length() - 5) : name, obj, where));
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!(e.getValue() instanceof ObjectNode t))
                    throw new IllegalArgumentException(where + ": task " + e.getKey() + " is not a JSON object with \"train\" and \"test\"");
                out.add(arcTask(e.getKey(), t, where));
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException(where + ": no tasks");
        return out;
    }

    private static ArcInput arcTask(String id, ObjectNode t, String where) {
        ObjectNode copy = t.deepCopy();
        JsonNode tests = copy.get("test");
        if (!(tests instanceof ArrayNode arr) || arr.isEmpty())
            throw new IllegalArgumentException(where + ": task " + id + " has no \"test\" inputs");
        boolean[] known = new boolean[arr.size()];
        for (int i = 0; i < arr.size(); i++) {
            if (!(arr.get(i) instanceof ObjectNode ex)) throw new IllegalArgumentException(where + ": task " + id + " test " + i + ": expected a JSON object");
            known[i] = ex.has("output");
            if (!known[i]) ex.putArray("output").addArray().add(0);   // placeholder; never shown as expected
        }
        return new ArcInput(ArcTaskReader.parseTask(id, copy, where + ": task " + id), known);
    }
}
