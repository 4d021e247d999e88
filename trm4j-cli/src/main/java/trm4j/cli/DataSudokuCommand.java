package trm4j.cli;

import picocli.CommandLine.Command;
import trm4j.model.MemoryEstimate;
import picocli.CommandLine.Option;
import trm4j.data.sudoku.RatingStats;
import trm4j.data.sudoku.SudokuCsv;
import trm4j.data.sudoku.SudokuDatasetBuilder;
import trm4j.data.sudoku.SudokuGenerator;
import trm4j.data.sudoku.SudokuLabeler;
import trm4j.data.sudoku.SudokuShape;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code trm data sudoku}: build the official Sudoku-Extreme layout from its CSV files ({@code --csv-dir}),
 * label a puzzle collection with answers and ratings ({@code --label}), or generate rated puzzles
 * ({@code --generate}).
 */
@Command(name = "sudoku", mixinStandardHelpOptions = true,
        description = {"Sudoku data: build the official layout from Sudoku-Extreme CSVs, label puzzle collections, generate puzzles.",
                "  trm data sudoku --csv-dir DIR --out OUT [--subsample-size 1000 --num-aug 1000]",
                "  trm data sudoku --label PUZZLES.txt --out OUT.csv",
                "  trm data sudoku --generate N --size 9 --min-rating R --out FILE.csv"})
public final class DataSudokuCommand implements Callable<Integer> {
    @Option(names = "--csv-dir", paramLabel = "DIR", description = "Folder with train.csv and test.csv (source,question,answer,rating).")
    Path csvDir;

    @Option(names = "--label", paramLabel = "PUZZLES.txt", description = "Puzzle collection to label (one puzzle per line, '#' comments).")
    Path label;

    @Option(names = "--generate", paramLabel = "N", description = "Generate N minimal, uniquely solvable puzzles.")
    Integer generate;

    @Option(names = "--out", required = true, paramLabel = "PATH", description = "Output folder (--csv-dir) or CSV file (--label, --generate).")
    Path out;

    @Option(names = "--subsample-size", paramLabel = "K", description = "Train rows drawn without replacement (official recipe: 1000).")
    Integer subsampleSize;

    @Option(names = "--num-aug", paramLabel = "A", defaultValue = "0", description = "Augmentations per train puzzle (official recipe: 1000). Default: ${DEFAULT-VALUE}.")
    int numAug;

    @Option(names = "--min-difficulty", paramLabel = "R", description = "Keep only rows whose rating is at least R.")
    Integer minDifficulty;

    @Option(names = "--size", paramLabel = "N", description = "Grid size 4, 6 or 9 (--generate default 9; --csv-dir infers it from the rows).")
    Integer size;

    @Option(names = "--min-rating", paramLabel = "R", defaultValue = "0", description = "Keep generated puzzles rated at least R backtracks. Default: ${DEFAULT-VALUE}.")
    int minRating;

    @Option(names = "--max-candidates", paramLabel = "C", defaultValue = "100000",
            description = "--generate gives up when C candidates in a row miss --min-rating. Default: ${DEFAULT-VALUE}.")
    long maxCandidates;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (subsample, augmentation, generation). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--skip-bad-rows", description = "Skip malformed rows or bad puzzles (each is reported) instead of stopping.")
    boolean skipBadRows;

    @Override
    public Integer call() throws IOException {
        int modes = (csvDir != null ? 1 : 0) + (label != null ? 1 : 0) + (generate != null ? 1 : 0);
        if (modes != 1) throw new UserError("give exactly one of --csv-dir DIR, --label PUZZLES.txt, --generate N");
        PrintStream err = System.err;
        Warnings warn = new Warnings(err);
        if (label != null) {
            long t0 = System.nanoTime();
            List<SudokuCsv.Row> rows = SudokuLabeler.label(label, skipBadRows, warn);
            SudokuCsv.write(out, rows);
            RatingStats stats = new RatingStats();
            rows.forEach(r -> stats.add(r.rating()));
            System.out.printf(Locale.ROOT, "labelled %d puzzles in %.2f s -> %s%s%n", rows.size(),
                    (System.nanoTime() - t0) / 1e9, out, warn.summary("puzzles"));
            System.out.println(stats.render());
            return 0;
        }
        if (generate != null) return generate(warn);
        return build(warn);
    }

    private int generate(Warnings warn) throws IOException {
        if (generate < 1) throw new UserError("--generate must be at least 1, got " + generate);
        if (minRating < 0) throw new UserError("--min-rating must be at least 0, got " + minRating);
        if (maxCandidates < 1) throw new UserError("--max-candidates must be at least 1, got " + maxCandidates);
        SudokuShape shape = SudokuShape.ofSize(size == null ? 9 : size);
        // a row holds the question and answer (a byte per cell each) plus object overhead
        MemoryEstimate.checkHeap((double) generate * (2 * shape.cells + 96), "--generate " + generate,
                "generate fewer puzzles per call (several CSV files can be concatenated)");
        SudokuGenerator gen = new SudokuGenerator(shape, seed);
        RatingStats stats = new RatingStats();
        List<SudokuCsv.Row> rows = new ArrayList<>(generate);
        String source = "trm4j-generated-" + shape.n + "x" + shape.n;
        long t0 = System.nanoTime(), lastReport = t0;
        for (int i = 0; i < generate; i++) {
            SudokuGenerator.Puzzle p = gen.next(minRating, maxCandidates);
            rows.add(new SudokuCsv.Row(source, p.question(), p.answer(), p.rating(), i + 2));
            stats.add(p.rating());
            long now = System.nanoTime();
            if (now - lastReport > 10_000_000_000L) {
                System.err.printf(Locale.ROOT, "  %d/%d puzzles (%d candidates)%n", i + 1, generate, gen.attempts());
                lastReport = now;
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        SudokuCsv.write(out, rows);
        System.out.printf(Locale.ROOT, "generated %d %dx%d puzzles (min rating %d) from %d candidates in %.2f s: "
                        + "%.1f puzzles/s, %.1f candidates/s -> %s%n", generate, shape.n, shape.n, minRating,
                gen.attempts(), s, generate / s, gen.attempts() / s, out);
        System.out.println(stats.render());
        return 0;
    }

    private int build(Warnings warn) throws IOException {
        if (subsampleSize != null && subsampleSize < 1) throw new UserError("--subsample-size must be at least 1, got " + subsampleSize);
        if (numAug < 0) throw new UserError("--num-aug must be at least 0, got " + numAug);
        long t0 = System.nanoTime();
        SudokuDatasetBuilder.Built b = SudokuDatasetBuilder.build(csvDir, out, new SudokuDatasetBuilder.Options(
                subsampleSize, minDifficulty, numAug, seed, skipBadRows, size == null ? null : SudokuShape.ofSize(size)), warn);
        SudokuShape shape = b.shape();
        System.out.printf(Locale.ROOT, "built %dx%d Sudoku in %.1f s -> %s%n", shape.n, shape.n, (System.nanoTime() - t0) / 1e9, out);
        System.out.printf(Locale.ROOT, "  train: %d groups, %d examples (1 + %d augmentations each)%n",
                b.train().groups(), b.train().examples(), numAug);
        System.out.printf(Locale.ROOT, "  test:  %d groups, %d examples (unaugmented)%n", b.test().groups(), b.test().examples());
        System.out.printf(Locale.ROOT, "  seq_len %d, vocab_size %d%n", shape.cells, shape.vocabSize());
        if (b.skippedTrain() + b.skippedTest() > 0)
            System.out.printf(Locale.ROOT, "  skipped %d bad rows in train.csv and %d in test.csv%n", b.skippedTrain(), b.skippedTest());
        return 0;
    }

    /** Prints the first few skipped-row reports and counts them all. */
    static final class Warnings implements java.util.function.Consumer<String> {
        private final PrintStream err;
        long count;

        Warnings(PrintStream err) { this.err = err; }

        @Override
        public void accept(String msg) {
            if (count++ < 20) err.println("trm: skipped " + msg);
            else if (count == 21) err.println("trm: (further skipped rows not shown)");
        }

        String summary(String what) { return count == 0 ? "" : "; skipped " + count + " bad " + what; }
    }
}
