package trm4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import trm4j.api.ArcSolver;
import trm4j.checkpoint.LoadedCheckpoint;
import trm4j.api.Solution;
import trm4j.api.Trm;
import trm4j.cli.view.Ansi;
import trm4j.cli.view.ArcView;
import trm4j.cli.view.PuzzleView;
import trm4j.cli.view.SolutionJson;
import trm4j.data.TaskFamily;
import trm4j.data.PuzzleIdentifiers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
    @Mixin HaltThresholdOption haltThreshold;
    /** The early-exit threshold of this run ({@link HaltThresholdOption#earlyExit}), or null: every step. */
    private Float earlyExit;
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
        earlyExit = haltThreshold.earlyExit(halt);
        if (!format.equals("text") && !format.equals("json")) throw new UserError("--format must be text or json, got " + format);
        if (batch < 1) throw new UserError("--batch must be >= 1, got " + batch);
        LoadedCheckpoint ck = model.load(data);
        Trm trm = new Trm(ck);
        TaskFamily kind = task != null ? TaskFamily.parse(task) : TaskFamily.detect(ck.config().vocab_size(), ck.config().seq_len(), ck.dataDir());
        String why = TaskFamily.whyNot(kind, ck.config().vocab_size(), ck.config().seq_len());
        if (why != null) throw new UserError("--task " + kind.name().toLowerCase(Locale.ROOT) + " does not fit this model: " + why);
        boolean json = format.equals("json");
        boolean colour = !plain && !json && System.console() != null && System.getenv("NO_COLOR") == null;
        PrintWriter out = spec.commandLine().getOut();
        if (kind == TaskFamily.ARC) solveArc(trm, ck, colour, json, out);
        else solveGrids(trm, PuzzleView.of(kind, ck.config(), new Ansi(colour)), kind, json, out);
        out.flush();
        return 0;
    }

    // ------------------------------------------------------------------------------------------- grids

    private record Puzzle(String where, int[] tokens) {}

    private void solveGrids(Trm trm, PuzzleView view, TaskFamily kind, boolean json, PrintWriter out) throws IOException {
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
        List<Solution> sols = trm.solveAll(list.stream().map(Puzzle::tokens).toList(), ids, earlyExit, batch);
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
    private static void readLines(List<String> lines, String file, PuzzleView view, TaskFamily kind, List<Puzzle> into) {
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank()) continue;
            if (kind != TaskFamily.TOKENS) {
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
                        st.qHaltLogit() > (earlyExit != null ? earlyExit : 0f) ? " (halts)" : "", changed);
                view.render(p.tokens(), st.prediction(), prev).forEach(out::println);
            }
            prev = st.prediction();
        }
        String mark = v.correct() == null ? "" : v.correct() ? "CORRECT: " : "WRONG: ";
        out.println("result: " + mark + v.text() + " (after " + s.steps().size() + " step" + (s.steps().size() == 1 ? "" : "s")
                + (s.halted() ? ", halted by q_halt" : "") + ")");
    }

    private static String json(int index, TaskFamily kind, PuzzleView view, Puzzle p, Solution s, PuzzleView.Verdict v) {
        ObjectNode o = JSON.createObjectNode();
        o.put("puzzle", index);
        o.setAll(SolutionJson.grid(kind, view, p.tokens(), s, v));
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
            for (SolutionJson.ArcInput tf : readTasks(Path.of(arg))) {
                ArcSolver.Plan plan = ArcSolver.plan(tf.task().id(), identifiers, numAug, seed, maxVersions);
                ArcSolver.Result r = ArcSolver.solve(trm, tf.task(), tf.known(), plan, earlyExit, batch, null);
                if (json) out.println(SolutionJson.arc(r, plan));
                else {
                    if (!first) out.println();
                    out.print(view.render(tf.task(), r));
                }
                first = false;
                out.flush();
            }
        }
    }

    /** A task file ({"train", "test"}), or a Kaggle challenges file (task id → task); missing test outputs are unknown. */
    private static List<SolutionJson.ArcInput> readTasks(Path f) throws IOException {
        if (!Files.isRegularFile(f)) throw new UserError(f + ": no such ARC task file (give a .json task with \"train\" and \"test\")");
        JsonNode root;
        try {
            root = JSON.readTree(trm4j.io.TextFiles.read(f));
        } catch (IOException e) {
            throw new IllegalArgumentException(f + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        return SolutionJson.arcTasks(root, f.getFileName().toString(), f.toString());
    }
}
