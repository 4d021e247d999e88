package trm4j.data.sudoku;

import trm4j.data.PuzzleDatasetWriter;
import trm4j.data.PuzzleIdentifiers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Writes Sudoku splits in the official on-disk layout through {@link PuzzleDatasetWriter}, exactly as
 * {@code build_sudoku_dataset.py} does: one group per original puzzle (the original first, then its
 * augmentations), one example per puzzle, identifier 0, {@code total_puzzles} = number of groups,
 * {@code identifiers.json} = ["<blank>"]. The dataset appears in {@code out} only once complete.
 */
public final class SudokuLayout {
    private SudokuLayout() {}

    /** Counts of one written split. */
    public record Written(int groups, int examples) {}

    /** Streams train (with {@code numAug} augmentations per puzzle, drawn from {@code rng}) and test (unaugmented). */
    public static Written[] write(Path out, SudokuShape shape, List<SudokuSplit.Pair> train, int numAug,
                                  List<SudokuSplit.Pair> test, RandomGenerator rng) throws IOException {
        if (numAug < 0) throw new IllegalArgumentException("--num-aug must be at least 0, got " + numAug);
        try (PuzzleDatasetWriter w = new PuzzleDatasetWriter(out, shape.cells, shape.vocabSize())) {
            Written[] written = {
                    writeSplit(w.split("train"), shape, train, numAug, rng),
                    writeSplit(w.split("test"), shape, test, 0, rng)};
            w.finish(List.of(PuzzleIdentifiers.BLANK));
            return written;
        }
    }

    /** Writes two splits already encoded in memory. */
    public static void write(Path out, SudokuSplit train, SudokuSplit test) throws IOException {
        SudokuShape shape = train.shape();
        try (PuzzleDatasetWriter w = new PuzzleDatasetWriter(out, shape.cells, shape.vocabSize())) {
            copy(w.split("train"), train);
            copy(w.split("test"), test);
            w.finish(List.of(PuzzleIdentifiers.BLANK));
        }
    }

    private static Written writeSplit(PuzzleDatasetWriter.Split split, SudokuShape shape, List<SudokuSplit.Pair> pairs,
                                      int numAug, RandomGenerator rng) throws IOException {
        for (SudokuSplit.Pair p : pairs) {
            for (int a = 0; a <= numAug; a++) {
                byte[][] v = SudokuSplit.version(shape, p, a, rng);
                split.addExample(v[0], v[1]);
                split.endPuzzle(0);
            }
            split.endGroup();
        }
        return finish(split);
    }

    private static void copy(PuzzleDatasetWriter.Split split, SudokuSplit s) throws IOException {
        int L = s.shape().cells;
        byte[] in = new byte[L], lab = new byte[L];
        for (int g = 0; g < s.groups(); g++) {
            for (int p = s.groupIndices()[g]; p < s.groupIndices()[g + 1]; p++) {
                for (int e = s.puzzleIndices()[p]; e < s.puzzleIndices()[p + 1]; e++) {
                    System.arraycopy(s.inputs(), e * L, in, 0, L);
                    System.arraycopy(s.labels(), e * L, lab, 0, L);
                    split.addExample(in, lab);
                }
                split.endPuzzle(s.puzzleIdentifiers()[p]);
            }
            split.endGroup();
        }
        finish(split);
    }

    private static Written finish(PuzzleDatasetWriter.Split split) throws IOException {
        int groups = split.groups();
        split.adjustMetadata(m -> m.withTotalPuzzles(groups).withMeanPuzzleExamples(1.0));
        split.finish();
        return new Written(groups, split.examples());
    }
}
