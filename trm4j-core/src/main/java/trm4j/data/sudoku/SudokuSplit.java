package trm4j.data.sudoku;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One split (train or test) in the official layout, in memory: every puzzle is a group holding the original
 * first and then {@code numAug} augmentations, each a puzzle with one example (identifier 0).
 *
 * @param inputs             tokens [N_ex, L] row-major (value + 1: blank 1, digits 2..N+1)
 * @param labels             tokens [N_ex, L] of the solutions (all cells supervised, as officially)
 * @param puzzleIdentifiers  [N_puz], all 0 ({@code <blank>})
 * @param puzzleIndices      [N_puz + 1] example ranges per puzzle
 * @param groupIndices       [N_groups + 1] puzzle ranges per group
 */
public record SudokuSplit(SudokuShape shape, byte[] inputs, byte[] labels, int[] puzzleIdentifiers,
                          int[] puzzleIndices, int[] groupIndices) {

    /** A grid pair to encode: question (0 = blank) and its solution. */
    public record Pair(byte[] question, byte[] answer) {}

    public int examples() { return puzzleIndices.length - 1; }

    public int groups() { return groupIndices.length - 1; }

    /** Encodes {@code originals} in order; augmentations are drawn from {@code rng} (unused when numAug = 0). */
    public static SudokuSplit encode(SudokuShape shape, List<Pair> originals, int numAug, RandomGenerator rng) {
        if (numAug < 0) throw new IllegalArgumentException("--num-aug must be at least 0, got " + numAug);
        long total = (long) originals.size() * (1 + numAug);
        if (total * shape.cells > Integer.MAX_VALUE - 16)
            throw new IllegalArgumentException(total + " examples of " + shape.cells + " cells exceed one array; "
                    + "lower --subsample-size or --num-aug");
        int ex = (int) total, L = shape.cells;
        byte[] inputs = new byte[ex * L], labels = new byte[ex * L];
        int[] ids = new int[ex], puzzleIndices = new int[ex + 1], groupIndices = new int[originals.size() + 1];
        int e = 0, g = 0;
        for (Pair p : originals) {
            for (int a = 0; a <= numAug; a++) {
                byte[][] v = version(shape, p, a, rng);
                System.arraycopy(v[0], 0, inputs, e * L, L);
                System.arraycopy(v[1], 0, labels, e * L, L);
                e++;
                puzzleIndices[e] = e;
            }
            groupIndices[++g] = e;
        }
        return new SudokuSplit(shape, inputs, labels, ids, puzzleIndices, groupIndices);
    }

    /**
     * Version {@code a} of a pair as {input tokens, label tokens}: the original for a = 0, otherwise a fresh random
     * transform applied to both (one draw per augmentation, in order, as the official builder). Token = value + 1:
     * blank 1, digits 2..N+1.
     */
    static byte[][] version(SudokuShape shape, Pair p, int a, RandomGenerator rng) {
        byte[] q = p.question(), s = p.answer();
        if (a > 0) {
            SudokuTransform t = SudokuTransform.random(shape, rng);
            q = t.apply(q);
            s = t.apply(s);
        }
        byte[] in = new byte[shape.cells], lab = new byte[shape.cells];
        for (int i = 0; i < shape.cells; i++) {
            in[i] = (byte) (q[i] + 1);
            lab[i] = (byte) (s[i] + 1);
        }
        return new byte[][]{in, lab};
    }
}
