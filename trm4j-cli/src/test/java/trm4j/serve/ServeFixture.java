package trm4j.serve;

import trm4j.data.sudoku.SudokuCsv;
import trm4j.data.sudoku.SudokuShape;
import trm4j.train.ConfigOverrides;
import trm4j.train.Progress;
import trm4j.train.Trainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static trm4j.cli.CliRun.run;

/**
 * A tiny 4×4 Sudoku model really trained (a few seconds) into {@code runs/sudoku4}: data set from {@code trm data
 * sudoku}, run with checkpoints and metrics.jsonl written by the {@link Trainer}. Built once per test JVM.
 */
final class ServeFixture {
    private ServeFixture() {}

    /** A 4×4 puzzle with more than one solution. */
    static final String AMBIGUOUS = "1..4....2..3....";
    static final int HALT_MAX_STEPS = 4;

    private static Path root;
    private static String puzzle, solution;

    /** A held-out puzzle with a unique solution (the first of the generated test set), and that solution. */
    static String puzzle() { root(); return puzzle; }

    static String solution() { root(); return solution; }

    /** The folder holding {@code runs/sudoku4} (step_N checkpoints, metrics.jsonl) and {@code data}. */
    static synchronized Path root() {
        if (root != null) return root;
        try {
            Path dir = Files.createTempDirectory("trm-serve-");
            Path csv = dir.resolve("csv"), data = dir.resolve("data");
            check(run("data", "sudoku", "--generate", "64", "--size", "4", "--seed", "3", "--out", csv.resolve("train.csv").toString()));
            check(run("data", "sudoku", "--generate", "16", "--size", "4", "--seed", "4", "--out", csv.resolve("test.csv").toString()));
            check(run("data", "sudoku", "--csv-dir", csv.toString(), "--out", data.toString(), "--num-aug", "3"));
            List<String> cfg = List.of("data_paths=[" + data + "]", "evaluators=[]", "global_batch_size=32", "epochs=12", "eval_interval=6",
                    "checkpoint_every_eval=True", "lr=3e-3", "lr_warmup_steps=5", "ema=False", "seed=5", "puzzle_emb_lr=1e-2",
                    "arch.hidden_size=32", "arch.num_heads=2", "arch.expansion=2", "arch.H_cycles=2", "arch.L_cycles=1",
                    "arch.halt_max_steps=" + HALT_MAX_STEPS, "arch.puzzle_emb_ndim=0", "arch.puzzle_emb_len=0", "arch.forward_dtype=float32");
            try (Trainer t = Trainer.start(ConfigOverrides.parse(cfg), new Trainer.Options(dir.resolve("runs/sudoku4"), 0, 1, Progress.silent()))) {
                t.run();
            }
            SudokuCsv.Row first = SudokuCsv.readAll(csv.resolve("test.csv"), null, false, m -> { }).getFirst();
            puzzle = SudokuShape.format(first.question());
            solution = SudokuShape.format(first.answer());
            root = dir;
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path runDir() { return root().resolve("runs/sudoku4"); }

    private static void check(String[] r) {
        if (!r[0].equals("0")) throw new IllegalStateException("trm failed: " + r[2]);
    }

    /** A server on a free port with the fixture's run as its checkpoint and runs folder. */
    static TrmServer server(int threads, int queue, int maxBody) throws IOException {
        return TrmServer.start(new TrmServer.Config("127.0.0.1", 0, List.of(runDir()), root().resolve("runs"), threads, queue, maxBody, 2));
    }
}
