package trm4j.data.sudoku;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Synthetic Sudoku data sets from the generator, for demos and tests: distinct minimal puzzles, the first
 * {@code nTrain} for training (each with {@code numAug} augmentations), the next {@code nTest} for testing
 * (unaugmented), in the official layout. Seeded and deterministic.
 */
public final class SudokuDatasets {
    private SudokuDatasets() {}

    /** A generated train/test pair of splits (in memory). */
    public record Generated(SudokuSplit train, SudokuSplit test, RatingStats ratings) {}

    /**
     * {@code count} distinct puzzles (exact duplicates are dropped: small grids have few minimal puzzles)
     * rated at least {@code minRating}.
     */
    public static List<SudokuGenerator.Puzzle> puzzles(SudokuShape shape, int count, int minRating, long seed) {
        if (count < 0) throw new IllegalArgumentException("puzzle count must be at least 0, got " + count);
        SudokuGenerator gen = new SudokuGenerator(shape, seed);
        Set<String> seen = new HashSet<>();
        List<SudokuGenerator.Puzzle> out = new ArrayList<>(count);
        long budget = 100L * count + 1000;
        while (out.size() < count) {
            if (gen.attempts() > budget)
                throw new IllegalArgumentException("found only " + out.size() + " distinct " + shape.n + "x" + shape.n
                        + " puzzles rated at least " + minRating + " in " + gen.attempts()
                        + " tries; ask for fewer puzzles, a lower rating or a larger grid");
            SudokuGenerator.Puzzle p = gen.next();
            if (p.rating() >= minRating && seen.add(SudokuShape.format(p.question()))) out.add(p);
        }
        return out;
    }

    /**
     * Generates and writes {@code out/train}, {@code out/test} and {@code out/identifiers.json} in the official
     * layout (see {@link #generateSplits}); returns the splits.
     */
    public static Generated generate(Path out, int size, int nTrain, int nTest, int numAug, int minRating, long seed)
            throws IOException {
        Generated g = generateSplits(size, nTrain, nTest, numAug, minRating, seed);
        SudokuLayout.write(out, g.train(), g.test());
        return g;
    }

    /** Train and test splits in memory (see the class comment). */
    public static Generated generateSplits(int size, int nTrain, int nTest, int numAug, int minRating, long seed) {
        SudokuShape shape = SudokuShape.ofSize(size);
        List<SudokuGenerator.Puzzle> all = puzzles(shape, nTrain + nTest, minRating, seed);
        RatingStats stats = new RatingStats();
        List<SudokuSplit.Pair> train = new ArrayList<>(nTrain), test = new ArrayList<>(nTest);
        for (int i = 0; i < all.size(); i++) {
            SudokuGenerator.Puzzle p = all.get(i);
            stats.add(p.rating());
            (i < nTrain ? train : test).add(new SudokuSplit.Pair(p.question(), p.answer()));
        }
        // A separate stream for augmentation, so that the puzzles do not depend on numAug.
        SplittableRandom augRng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        return new Generated(SudokuSplit.encode(shape, train, numAug, augRng),
                SudokuSplit.encode(shape, test, 0, augRng), stats);
    }
}
