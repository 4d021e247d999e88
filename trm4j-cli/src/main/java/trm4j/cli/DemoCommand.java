package trm4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import trm4j.demo.DemoConfig;
import trm4j.demo.DemoResult;
import trm4j.demo.DemoRunner;
import trm4j.train.Progress;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code trm demo}: generate Sudoku puzzles, train a small TRM on the CPU within a time budget, evaluate it on
 * held-out puzzles, save checkpoint and plots, and show a few solutions step by step. No download. Exits 3 when
 * the held-out exact accuracy lands far below what the demo normally reaches.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Train a small TRM on generated Sudoku puzzles on the CPU, evaluate it on held-out puzzles and show it solving a few.",
                "Default: 6x6 Sudoku, 5 minutes of training (about 6 minutes in all on 2 cores); --size 9: 15 minutes.",
                "Output: checkpoint, metrics.jsonl, plots/, samples.txt and demo.json in --out."})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "runs/demo", paramLabel = "DIR", description = "Output folder (an earlier demo there is replaced). Default: ${DEFAULT-VALUE}.")
    Path out;
    @Option(names = "--minutes", paramLabel = "M", description = "Training time budget in minutes (default 5 for 6x6, 15 for 9x9, 2 for 4x4; 1.5 with --quick). Data, evaluation and display add about a minute.")
    Double minutes;
    @Option(names = "--size", defaultValue = "6", paramLabel = "N", description = "Grid size: 6 (2x3 boxes), 9 (3x3 boxes; far harder: about 40 %% of minimal puzzles solved after 15 minutes) or 4. Default: ${DEFAULT-VALUE}.")
    int size;
    @Option(names = "--seed", defaultValue = "0", description = "Seed of the puzzles, the initialisation and the sampling. Default: ${DEFAULT-VALUE}.")
    long seed;
    @Option(names = "--quick", description = "A 1-2 minute version (fewer steps: expect a partly trained model).")
    boolean quick;
    @Option(names = "--show", defaultValue = "3", paramLabel = "K", description = "Held-out puzzles shown step by step. Default: ${DEFAULT-VALUE}.")
    int show;
    @Option(names = "--max-steps", paramLabel = "K", description = "Stop after K optimizer steps instead of the time budget.")
    Long maxSteps;
    @Option(names = "--train-puzzles", paramLabel = "K", description = "Generated training puzzles (default per size).")
    Integer trainPuzzles;
    @Option(names = "--test-puzzles", paramLabel = "K", description = "Generated held-out puzzles (default 500).")
    Integer testPuzzles;
    @Option(names = "--num-aug", paramLabel = "A", description = "Stored augmentations per training puzzle (default 0: the presets draw a fresh symmetry at every draw, augment=sudoku).")
    Integer numAug;
    @Option(names = "--eval-every", paramLabel = "E", description = "Held-out evaluation every E epochs during training (for the plots).")
    Integer evalEvery;
    @Option(names = "--min-exact", paramLabel = "F", description = "Fail (exit 3) below this held-out exact accuracy, 0..1 (default per preset).")
    Double minExact;
    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Official config override for experiments (repeatable), e.g. --set arch.hidden_size=96 --set ema=True.")
    List<String> sets = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (size != 6 && size != 9 && size != 4) throw new UserError("--size must be 6 or 9, got " + size);
        double m = minutes != null ? minutes : quick ? 1.5 : DemoConfig.defaultMinutes(size);
        DemoConfig c = quick ? DemoConfig.quick(size, m, seed) : DemoConfig.standard(size, m, seed);
        if (trainPuzzles != null || testPuzzles != null || numAug != null)
            c = c.withData(trainPuzzles != null ? trainPuzzles : c.trainPuzzles(), testPuzzles != null ? testPuzzles : c.testPuzzles(),
                    numAug != null ? numAug : c.numAug());
        if (maxSteps != null) c = c.withMaxSteps(maxSteps);
        if (evalEvery != null) c = c.withEvalEveryEpochs(evalEvery);
        if (minExact != null) c = c.withMinExact(minExact);
        if (!sets.isEmpty()) c = c.withOverrides(sets);
        DemoResult r;
        try (Progress progress = Progress.terminal(64)) {
            r = new DemoRunner(c, out, System.out, progress, show).run();
        }
        if (!r.passed()) {
            String what = r.steps() >= c.judgeSteps() || c.maxSteps() > 0
                    ? String.format(Locale.ROOT, "held-out exact accuracy %.1f%% is far below the expected level (minimum %.0f%%)", 100 * r.exact(), 100 * c.minExact())
                    : String.format(Locale.ROOT, "held-out blank-cell accuracy %.1f%% after only %d steps is below %.0f%%", 100 * r.blankCell(), r.steps(), 100 * DemoConfig.MIN_BLANK_CELL);
            System.err.println("trm demo: FAILED: " + what + "; the model did not learn as it should (see " + out.resolve("plots")
                    + "; on a slow or busy machine give it more time with --minutes)");
            return 3;
        }
        return 0;
    }
}
