package trm4j.data.sudoku;

import trm4j.data.Batch;
import trm4j.data.BatchAugment;

import java.util.random.RandomGenerator;

/**
 * Sudoku examples changed as they are drawn: a fresh validity-preserving symmetry per example (the official
 * {@code shuffle_sudoku}: digit permutation, band/row and stack/column shuffles, transpose for square boxes),
 * and an optional curriculum that gives back some of the solution's digits as extra givens. Each example draws
 * u uniform in [0, 1) and gives back each blank cell with probability {@code u · r(step)}, where
 * {@code r = reveal · (1 − step / revealSteps)} until step {@code revealSteps} (the puzzles start easier and reach
 * the data set's own, minimal, ones), or the constant {@code reveal} when {@code revealSteps} is 0 (a lasting mix
 * from minimal to easy puzzles). Adding givens to a puzzle with one solution keeps it a puzzle with that solution.
 *
 * <p>Tokens as {@link SudokuSplit}: value + 1 (blank 1, digits 2..N+1); labels are the solution's tokens.
 */
public final class SudokuBatchAugment implements BatchAugment {
    private static final int BLANK = 1;

    private final SudokuShape shape;
    private final boolean shuffle;
    private final double reveal;
    private final long revealSteps;
    private final byte[] grid;
    private final int[] row;

    /**
     * @param seqLen      the data set's sequence length (N² cells)
     * @param shuffle     draw a fresh symmetry per example
     * @param reveal      the largest probability that a blank cell is given (0: no curriculum)
     * @param revealSteps the step from which no cell is given any more (0: {@code reveal} throughout)
     */
    public SudokuBatchAugment(int seqLen, boolean shuffle, double reveal, long revealSteps) {
        if (!(reveal >= 0 && reveal < 1)) throw new IllegalArgumentException("curriculum_reveal must be in [0, 1), got " + reveal);
        if (revealSteps < 0) throw new IllegalArgumentException("curriculum_steps must be >= 0, got " + revealSteps);
        this.shape = SudokuShape.ofCellCount(seqLen);
        if (shape == null)
            throw new IllegalArgumentException("augment=sudoku: the data set's seq_len " + seqLen + " is no Sudoku grid (16, 36 or 81 cells)");
        this.shuffle = shuffle;
        this.reveal = reveal;
        this.revealSteps = revealSteps;
        this.grid = new byte[shape.cells];
        this.row = new int[shape.cells];
    }

    /** The largest probability that a blank cell is given at {@code step} (an example's own is u times this). */
    public double revealAt(long step) {
        return revealSteps == 0 ? reveal : reveal * Math.max(0, 1 - (double) step / revealSteps);
    }

    @Override
    public void apply(Batch batch, long step, RandomGenerator rng) {
        int L = shape.cells;
        double p = revealAt(step);
        int[] inputs = batch.inputs(), labels = batch.labels();
        for (int b = 0; b < batch.effectiveSize(); b++) {
            int off = b * L;
            if (shuffle) {
                SudokuTransform t = SudokuTransform.random(shape, rng);
                transform(t, inputs, off);
                transform(t, labels, off);
            }
            if (p > 0) {
                double pe = p * rng.nextDouble();
                for (int i = off; i < off + L; i++)
                    if (inputs[i] == BLANK && labels[i] > BLANK && rng.nextDouble() < pe) inputs[i] = labels[i];
            }
        }
    }

    /** Row {@code off} of {@code tokens} replaced by its transform (the ignore label −100 stays where its cell goes). */
    private void transform(SudokuTransform t, int[] tokens, int off) {
        int L = shape.cells;
        for (int i = 0; i < L; i++) {
            int v = tokens[off + i];
            if (v < 1 || v > shape.n + 1)
                throw new IllegalArgumentException("augment=sudoku: token " + v + " at position " + i
                        + " is no Sudoku cell (expected 1..." + (shape.n + 1) + "); the data set is not a " + shape + " Sudoku set");
            grid[i] = (byte) (v - 1);
        }
        byte[] moved = t.apply(grid);
        for (int i = 0; i < L; i++) row[i] = moved[i] + 1;
        System.arraycopy(row, 0, tokens, off, L);
    }
}
