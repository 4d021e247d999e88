package trm4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import trm4j.api.ArcSolver;
import trm4j.api.LoadedCheckpoint;
import trm4j.api.Solution;
import trm4j.api.Trm;
import trm4j.cli.view.Ansi;
import trm4j.cli.view.ArcView;
import trm4j.cli.view.PuzzleView;
import trm4j.cli.view.TaskKind;
import trm4j.data.PuzzleIdentifiers;
import trm4j.data.arc.ArcGrid;
import trm4j.data.arc.ArcTask;
import trm4j.data.arc.ArcTaskReader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code trm solve}: runs a model on puzzles and shows its answer after every supervision step, with the cells
 * that changed, the halting confidence sigmoid(q_halt) and whether the final answer is right.
 */
@Command(name = "solve", mixinStandardHelpOptions = true,
        description = {"Solve puzzles with a trained model and show every supervision step.",
                "PUZZLE: a puzzle string (Sudoku: 81 chars '.'/'0' blank; Maze: side² chars of '# SGo'; tokens: ids), "
                        + "a file with one per line (CSV rows source,question,answer,… are read too), or - for stdin. "
                        + "ARC: a task .json file (or a Kaggle challenges file)."})
public final class SolveCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin CheckpointOptions model;

    @Parameters(paramLabel = "PUZZLE", arity = "1..*", description = "Puzzle string, file (one per line), - (stdin), or ARC task .json.")
    List<String> puzzles;
    @Option(names = "--task", paramLabel = "KIND", description = "sudoku, maze, arc or tokens (default: from the data set / model shape).")
    String task;
    @Option(names = "--data", paramLabel = "DIR", description = "The data set the model was trained on (default: the checkpoint's data_paths).")
    Path data;
    @Option(names = "--halt", description = "Stop at the first step whose q_halt > 0 (the model's own halting) instead of running halt_max_steps.")
    boolean halt;
    @Option(names = "--format", defaultValue = "text", paramLabel = "FMT", description = "text (default) or json (one object per puzzle per line).")
    String format;
    @Option(names = "--plain", description = "No ANSI colours (also when stdout is not a terminal or NO_COLOR is set).")
    boolean plain;
    @Option(names = "--final-only", description = "Text: draw only the final answer, not every step.")
    boolean finalOnly;
    @Option(names = "--batch", defaultValue = "64", paramLabel = "N", description = "Puzzles run together (default 64).")
    int batch;
    @Option(names = "--max-versions", defaultValue = "0", paramLabel = "N", description = "ARC: run at most N augmented versions per task (default: all).")
    int maxVersions;
    @Option(names = "--num-aug", defaultValue = "8", paramLabel = "N",
            description = "ARC task not in the data set: random augmentations to vote over (default 8).")
    int numAug;
    @Option(names = "--seed", defaultValue = "0", description = "ARC task not in the data set: seed of those augmentations.")
    long seed;

    private static final ObjectMapper JSON = trm4j.io.StrictJson.MAPPER;

    @Override
    public Integer call() throws IOException {
        if (!format.equals("text") && !format.equals("json")) throw new UserError("--format must be text or json, got " + format);
        if (batch < 1) throw new UserError("--batch must be >= 1, got " + batch);
        LoadedCheckpoint ck = model.load(data);
        Trm trm = new Trm(ck);
        TaskKind kind = task != null ? TaskKind.parse(task) : TaskKind.detect(ck.config(), ck.dataDir());
        String why = TaskKind.whyNot(kind, ck.config());
        if (why != null) throw new UserError("--task " + kind.name().toLowerCase(Locale.ROOT) + " does not fit this model: " + why);
        boolean json = format.equals("json");
        boolean colour = !plain && !json && System.console() != null && System.getenv("NO_COLOR") == null;
        PrintWriter out = spec.commandLine().getOut();
        if (kind == TaskKind.ARC) solveArc(trm, ck, colour, json, out);
        else solveGrids(trm, kind.view(ck.config(), new Ansi(colour)), kind, json, out);
        out.flush();
        return 0;
    }

    // ------------------------------------------------------------------------------------------- grids

    private record Puzzle(String where, int[] tokens) {}

    private void solveGrids(Trm trm, PuzzleView view, TaskKind kind, boolean json, PrintWriter out) throws IOException {
        List<Puzzle> list = new ArrayList<>();
        for (String arg : puzzles) {
            if (arg.equals("-")) {
                BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                readLines(r.lines().toList(), "stdin", view, kind, list);
            } else if (Files.isRegularFile(Path.of(arg))) {
                readLines(trm4j.io.TextFiles.lines(Path.of(arg)), arg, view, kind, list);
            } else {
                list.add(new Puzzle("puzzle " + (list.size() + 1), view.parse(arg, "puzzle " + (list.size() + 1))));
            }
        }
        if (list.isEmpty()) throw new UserError("no puzzles given (the files were empty)");
        int[] ids = new int[list.size()];   // Sudoku and Maze data sets give every puzzle identifier 0
        List<Solution> sols = trm.solveAll(list.stream().map(Puzzle::tokens).toList(), ids, halt, batch);
        int max = trm.config().halt_max_steps();
        for (int i = 0; i < list.size(); i++) {
            Puzzle p = list.get(i);
            Solution s = sols.get(i);
            PuzzleView.Verdict v = view.judge(p.tokens(), s.answer());
            if (json) out.println(json(i + 1, kind, view, p, s, v));
            else {
                if (i > 0) out.println();
                text(i + 1, view, p, s, v, max, out);
            }
        }
    }

    /** One puzzle per non-empty line; CSV rows (source,question,answer,…) give their question; a header row is skipped. */
    private static void readLines(List<String> lines, String file, PuzzleView view, TaskKind kind, List<Puzzle> into) {
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank()) continue;
            if (kind != TaskKind.TOKENS) {
                if (n == 0 && line.startsWith("source,")) continue;
                String[] f = line.split(",", -1);
                if (f.length >= 3) line = f[1];
            }
            String where = file + " line " + (n + 1);
            into.add(new Puzzle(where, view.parse(line, where)));
        }
    }

    private void text(int index, PuzzleView view, Puzzle p, Solution s, PuzzleView.Verdict v, int max, PrintWriter out) {
        out.println("puzzle " + index + " (" + view.name() + (p.where().startsWith("puzzle ") ? "" : ", " + p.where()) + ")");
        view.render(p.tokens(), p.tokens(), null).forEach(out::println);
        int[] prev = p.tokens();
        for (Solution.Step st : s.steps()) {
            boolean last = st == s.last();
            int changed = PuzzleView.changed(prev, st.prediction());
            if (!finalOnly || last) {
                out.printf(Locale.ROOT, "step %d/%d  halt %.3f%s  %d changed%n", st.index(), max, st.haltProbability(),
                        st.qHaltLogit() > 0 ? " (halts)" : "", changed);
                view.render(p.tokens(), st.prediction(), prev).forEach(out::println);
            }
            prev = st.prediction();
        }
        String mark = v.correct() == null ? "" : v.correct() ? "CORRECT: " : "WRONG: ";
        out.println("result: " + mark + v.text() + " (after " + s.steps().size() + " step" + (s.steps().size() == 1 ? "" : "s")
                + (s.halted() ? ", halted by q_halt" : "") + ")");
    }

    private static String json(int index, TaskKind kind, PuzzleView view, Puzzle p, Solution s, PuzzleView.Verdict v) {
        ObjectNode o = JSON.createObjectNode();
        o.put("puzzle", index);
        o.put("task", kind.name().toLowerCase(Locale.ROOT));
        o.put("input", view.format(p.tokens()));
        ArrayNode steps = o.putArray("steps");
        int[] prev = p.tokens();
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
        return o.toString();
    }

    // ------------------------------------------------------------------------------------------- ARC

    private void solveArc(Trm trm, LoadedCheckpoint ck, boolean colour, boolean json, PrintWriter out) throws IOException {
        List<String> identifiers = null;
        if (ck.dataDir() != null && Files.isRegularFile(ck.dataDir().resolve(PuzzleIdentifiers.FILE_NAME)))
            identifiers = PuzzleIdentifiers.read(ck.dataDir().resolve(PuzzleIdentifiers.FILE_NAME));
        else
            spec.commandLine().getErr().println("trm: warning: no identifiers.json (give --data DIR, the ARC data set the model was trained on): "
                    + "tasks run with the blank puzzle embedding and " + numAug + " random augmentations");
        ArcView view = new ArcView(colour, 2);
        boolean first = true;
        for (String arg : puzzles) {
            for (TaskFile tf : readTasks(Path.of(arg))) {
                ArcSolver.Plan plan = ArcSolver.plan(tf.task().id(), identifiers, numAug, seed, maxVersions);
                ArcSolver.Result r = ArcSolver.solve(trm, tf.task(), tf.known(), plan, halt, batch, null);
                if (json) out.println(arcJson(r, plan));
                else {
                    if (!first) out.println();
                    out.print(view.render(tf.task(), r));
                }
                first = false;
                out.flush();
            }
        }
    }

    private record TaskFile(ArcTask task, boolean[] known) {}

    /** A task file ({"train", "test"}), or a Kaggle challenges file (task id → task); missing test outputs are unknown. */
    private static List<TaskFile> readTasks(Path f) throws IOException {
        if (!Files.isRegularFile(f)) throw new UserError(f + ": no such ARC task file (give a .json task with \"train\" and \"test\")");
        JsonNode root;
        try {
            root = JSON.readTree(trm4j.io.TextFiles.read(f));
        } catch (IOException e) {
            throw new IllegalArgumentException(f + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (!(root instanceof ObjectNode obj)) throw new IllegalArgumentException(f + ": top level must be a JSON object (an ARC task)");
        List<TaskFile> out = new ArrayList<>();
        if (obj.has("train")) {
            String name = f.getFileName().toString();
            out.add(task(name.endsWith(".json") ? name.substring(0, name.length() - 5) : name, obj, f.toString()));
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = obj.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!(e.getValue() instanceof ObjectNode t))
                    throw new IllegalArgumentException(f + ": task " + e.getKey() + " is not a JSON object with \"train\" and \"test\"");
                out.add(task(e.getKey(), t, f.toString()));
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException(f + ": no tasks");
        return out;
    }

    private static TaskFile task(String id, ObjectNode t, String file) {
        ObjectNode copy = t.deepCopy();
        JsonNode tests = copy.get("test");
        if (!(tests instanceof ArrayNode arr) || arr.isEmpty())
            throw new IllegalArgumentException(file + ": task " + id + " has no \"test\" inputs");
        boolean[] known = new boolean[arr.size()];
        for (int i = 0; i < arr.size(); i++) {
            if (!(arr.get(i) instanceof ObjectNode ex)) throw new IllegalArgumentException(file + ": task " + id + " test " + i + ": expected a JSON object");
            known[i] = ex.has("output");
            if (!known[i]) ex.putArray("output").addArray().add(0);   // placeholder; never shown as expected
        }
        return new TaskFile(ArcTaskReader.parseTask(id, copy, file + ": task " + id), known);
    }

    private static String arcJson(ArcSolver.Result r, ArcSolver.Plan plan) {
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
        return o.toString();
    }

    private static ArrayNode grid(ArcGrid g) {
        ArrayNode rows = JSON.createArrayNode();
        for (int[] row : g.toRows()) {
            ArrayNode a = rows.addArray();
            for (int v : row) a.add(v);
        }
        return rows;
    }
}
