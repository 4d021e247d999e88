package trm4j.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code trm demo} runs: the generated Sudoku data set, the official training config (as overrides) and the
 * time budget, plus the held-out exact accuracy below which the run counts as failed.
 *
 * @param size          grid size (4, 6 or 9)
 * @param trainPuzzles  distinct generated training puzzles (one group each)
 * @param testPuzzles   distinct held-out puzzles (never augmented, never trained on)
 * @param numAug        stored augmentations per training puzzle (the sampler draws one per group and epoch)
 * @param trainSeconds  training wall-clock budget; training stops at the first chunk boundary past it
 * @param maxSteps      optional step cap (0 = none), for deterministic test runs
 * @param chunkSteps    most optimizer steps between two clock checks (each ends with a checkpoint; the last
 *                      chunk is sized to end at the budget)
 * @param evalEveryEpochs official eval_interval: held-out evaluations logged for the plots
 * @param minExact      the run fails when the final held-out exact accuracy is below this after at least
 *                      {@link #judgeSteps()} steps; a shorter run (slow machine, --quick) must instead get
 *                      {@link #MIN_BLANK_CELL} of the blank cells right (chance: 1/N)
 * @param seed          data, initialisation and sampling seed
 * @param overrides     official config overrides (key=value) applied after the preset's own
 */
public record DemoConfig(int size, int trainPuzzles, int testPuzzles, int numAug, double trainSeconds, long maxSteps,
                         int chunkSteps, int evalEveryEpochs, double minExact, long seed, List<String> overrides) {

    /** Blank-cell accuracy a run too short to judge by exact accuracy must reach (chance is 1/6 on 6×6, 1/9 on 9×9). */
    public static final double MIN_BLANK_CELL = 0.3;

    /**
     * Steps from which the exact accuracy is judged: where the preset reliably clears {@link #minExact} (6×6 at
     * hidden 96: 95–98 % at step 936 in three runs; 9×9 with its EMA: 22.6 % at step 1,872, 31–40 % later), 600
     * for 4×4.
     */
    public long judgeSteps() {
        return switch (size) {
            case 6 -> 900;
            case 9 -> 1800;
            default -> 600;
        };
    }

    /** Whether a run that ended at {@code steps} with these held-out accuracies learned as expected. */
    public boolean passed(long steps, double exact, double blankCell) {
        if (steps >= judgeSteps() || maxSteps > 0) return exact >= minExact;
        return blankCell >= MIN_BLANK_CELL;
    }

    public DemoConfig {
        overrides = List.copyOf(overrides);
        if (trainPuzzles < 64) throw new IllegalArgumentException("--train-puzzles must be at least 64 (one batch), got " + trainPuzzles);
        if (testPuzzles < 1) throw new IllegalArgumentException("--test-puzzles must be at least 1, got " + testPuzzles);
        if (!(trainSeconds > 0)) throw new IllegalArgumentException("--minutes must be positive, got " + trainSeconds / 60);
        if (chunkSteps < 1) throw new IllegalArgumentException("chunk steps must be at least 1, got " + chunkSteps);
    }

    /**
     * The model every preset trains: the official Sudoku recipe (mlp_t, no positional encoding, 2 layers, expansion
     * 4) shrunk for 2 CPU cores — hidden {@code hidden}, H_cycles 2 / L_cycles 2, 8 ACT steps, batch 64, lr 2e-3,
     * weight decay 0.1, 100 warm-up steps, no EMA (measured in {@code cpu-learning-official.md}: the official
     * H3/L6 cycles and EMA 0.999 cost most of what a run of minutes reaches).
     */
    public static List<String> modelOverrides(int hidden) {
        return List.of("evaluators=[]", "global_batch_size=64", "lr=2e-3", "puzzle_emb_lr=2e-3", "weight_decay=0.1",
                "puzzle_emb_weight_decay=0.1", "lr_warmup_steps=100", "lr_min_ratio=1.0", "ema=False",
                "checkpoint_every_eval=False",
                "arch.mlp_t=True", "arch.pos_encodings=none", "arch.hidden_size=" + hidden,
                "arch.num_heads=" + Math.max(1, hidden / 64), "arch.expansion=4", "arch.H_cycles=2", "arch.L_cycles=2",
                "arch.L_layers=2", "arch.H_layers=0", "arch.halt_max_steps=8", "arch.puzzle_emb_len=4",
                "arch.forward_dtype=float32");
    }

    /**
     * trm4j's own recipe on top of the official model: a fresh Sudoku symmetry at every draw (no stored copies), a
     * curriculum that gives back up to {@code reveal} of the blank cells (a random share per example), falling to
     * none at {@code revealSteps} or lasting when that is 0, and an EMA of the weights at {@code emaRate} (0: none)
     * for evaluation. Measured in README ("Learning Sudoku on a CPU").
     */
    static List<String> recipe(int hidden, double reveal, long revealSteps, double emaRate) {
        List<String> o = new ArrayList<>(modelOverrides(hidden));
        o.add("augment=sudoku");
        if (reveal > 0) {
            o.add("curriculum_reveal=" + reveal);
            o.add("curriculum_steps=" + revealSteps);
        }
        if (emaRate > 0) {
            o.add("ema=True");
            o.add("ema_rate=" + emaRate);
        }
        return List.copyOf(o);
    }

    /** The default training minutes of the {@code size}×{@code size} preset. */
    public static double defaultMinutes(int size) {
        return switch (size) {
            case 4 -> 2;
            case 6 -> 5;
            default -> 15;
        };
    }

    /** The full demo: {@code minutes} of training on 4×4, 6×6 or 9×9 grids with the preset of that size. */
    public static DemoConfig standard(int size, double minutes, long seed) {
        return switch (size) {
            case 6 -> new DemoConfig(6, 3000, 500, 0, minutes * 60, 0, 100, 10, 0.9, seed, recipe(96, 0, 0, 0));
            case 9 -> new DemoConfig(9, 3000, 500, 0, minutes * 60, 0, 100, 10, 0.15, seed, recipe(64, 0.6, 0, 0.995));
            case 4 -> new DemoConfig(4, 400, 200, 0, minutes * 60, 0, 100, 20, 0.5, seed, recipe(64, 0, 0, 0));
            default -> throw new IllegalArgumentException("--size must be 4, 6 or 9, got " + size);
        };
    }

    /** The 1-2 minute version: the same model and data, a short budget and a low bar. */
    public static DemoConfig quick(int size, double minutes, long seed) {
        DemoConfig c = standard(size, minutes, seed);
        return c.withMinExact(0.0).withEvalEveryEpochs(c.evalEveryEpochs() / 2);
    }

    /** The same config with more official overrides appended (they win over the preset's). */
    public DemoConfig withOverrides(List<String> more) {
        List<String> all = new ArrayList<>(overrides);
        all.addAll(more);
        return new DemoConfig(size, trainPuzzles, testPuzzles, numAug, trainSeconds, maxSteps, chunkSteps,
                evalEveryEpochs, minExact, seed, all);
    }

    public DemoConfig withData(int train, int test, int aug) {
        return new DemoConfig(size, train, test, aug, trainSeconds, maxSteps, chunkSteps, evalEveryEpochs, minExact, seed, overrides);
    }

    public DemoConfig withMaxSteps(long steps) {
        return new DemoConfig(size, trainPuzzles, testPuzzles, numAug, trainSeconds, steps, chunkSteps, evalEveryEpochs, minExact, seed, overrides);
    }

    public DemoConfig withMinExact(double min) {
        return new DemoConfig(size, trainPuzzles, testPuzzles, numAug, trainSeconds, maxSteps, chunkSteps, evalEveryEpochs, min, seed, overrides);
    }

    public DemoConfig withEvalEveryEpochs(int epochs) {
        return new DemoConfig(size, trainPuzzles, testPuzzles, numAug, trainSeconds, maxSteps, chunkSteps, epochs, minExact, seed, overrides);
    }
}
