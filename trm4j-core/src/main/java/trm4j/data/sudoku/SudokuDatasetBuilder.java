package trm4j.data.sudoku;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * {@code build_sudoku_dataset.py} in Java: reads {@code train.csv} and {@code test.csv} of Sudoku-Extreme
 * (or a set of the same format with 4×4 / 6×6 grids), filters by {@code minDifficulty}, subsamples the train
 * rows, adds {@code numAug} augmentations per train puzzle (test unaugmented) and writes the official layout.
 * Unlike the official script, the subsample and the augmentations are seeded.
 */
public final class SudokuDatasetBuilder {
    /** Build options (null = the official default "not set"). */
    public record Options(Integer subsampleSize, Integer minDifficulty, int numAug, long seed, boolean skipBadRows,
                          SudokuShape shape) {}

    /** What was built: the shape, the two splits' sizes and the malformed rows skipped in each file. */
    public record Built(SudokuShape shape, SudokuLayout.Written train, SudokuLayout.Written test,
                        long skippedTrain, long skippedTest) {}

    private SudokuDatasetBuilder() {}

    public static Built build(Path csvDir, Path out, Options o, Consumer<String> warn) throws IOException {
        if (o.numAug() < 0) throw new IllegalArgumentException("--num-aug must be at least 0, got " + o.numAug());
        Path trainCsv = csvDir.resolve("train.csv"), testCsv = csvDir.resolve("test.csv");
        for (Path f : new Path[] {trainCsv, testCsv})
            if (!Files.isRegularFile(f))
                throw new NoSuchFileException(f + ": no such file; --csv-dir must hold the Sudoku-Extreme train.csv and test.csv");
        SplittableRandom rng = new SplittableRandom(o.seed());
        SudokuCsvLoader.Loaded train = SudokuCsvLoader.load(trainCsv, o.shape(), o.minDifficulty(), o.subsampleSize(),
                o.skipBadRows(), rng, warn);
        requireRows(trainCsv, train, o);
        SudokuCsvLoader.Loaded test = SudokuCsvLoader.load(testCsv, train.shape(), o.minDifficulty(), null,
                o.skipBadRows(), rng, warn);
        requireRows(testCsv, test, o);
        // Examples stream to disk: memory holds the original rows only, not their augmentations.
        SudokuLayout.Written[] w = SudokuLayout.write(out, train.shape(), train.pairs(), o.numAug(), test.pairs(), rng);
        return new Built(train.shape(), w[0], w[1], train.skipped(), test.skipped());
    }

    private static void requireRows(Path csv, SudokuCsvLoader.Loaded l, Options o) {
        if (!l.pairs().isEmpty()) return;
        throw new IllegalArgumentException(csv + ": no rows left" + (o.minDifficulty() == null ? "" : " with rating >= "
                + o.minDifficulty()) + "; check the file" + (o.minDifficulty() == null ? "" : " or lower --min-difficulty"));
    }
}
