package trm4j.data.sudoku;

import java.util.random.RandomGenerator;

/**
 * A validity-preserving Sudoku symmetry, the official augmentation ({@code shuffle_sudoku}) generalised to
 * rectangular boxes: optional transpose (applied first), then new cell (r, c) = old cell (rowPerm[r],
 * colPerm[c]), then the digit map (blank 0 stays 0). The same transform is applied to a puzzle and its
 * solution, so solutions map to solutions.
 *
 * @param digitMap length N+1, digitMap[0] = 0, digitMap[1..N] a permutation of 1..N
 * @param rowPerm  a permutation of the bands, each band's rows permuted within it
 * @param colPerm  a permutation of the stacks, each stack's columns permuted within it
 */
public record SudokuTransform(SudokuShape shape, int[] digitMap, boolean transpose, int[] rowPerm, int[] colPerm) {

    /**
     * Draws a transform in the official order: digit permutation, transpose coin, band permutation, one
     * permutation within each band, stack permutation, one within each stack. The transpose coin is only
     * drawn for square boxes (transposing a 6×6 grid turns 2×3 boxes into 3×2 ones, which is no symmetry).
     */
    public static SudokuTransform random(SudokuShape shape, RandomGenerator rng) {
        int n = shape.n;
        int[] digits = permutation(n, rng);
        int[] digitMap = new int[n + 1];
        for (int d = 1; d <= n; d++) digitMap[d] = digits[d - 1] + 1;
        boolean transpose = shape.transposable() && rng.nextDouble() < 0.5;
        int[] rowPerm = blockPermutation(n / shape.boxRows, shape.boxRows, rng);
        int[] colPerm = blockPermutation(n / shape.boxCols, shape.boxCols, rng);
        return new SudokuTransform(shape, digitMap, transpose, rowPerm, colPerm);
    }

    public static SudokuTransform identity(SudokuShape shape) {
        int n = shape.n;
        int[] digitMap = new int[n + 1];
        for (int d = 0; d <= n; d++) digitMap[d] = d;
        return new SudokuTransform(shape, digitMap, false, identityPerm(n), identityPerm(n));
    }

    /** The transformed copy of {@code grid} (row-major, 0 = blank). */
    public byte[] apply(byte[] grid) {
        int n = shape.n;
        if (grid.length != shape.cells)
            throw new IllegalArgumentException("grid has " + grid.length + " cells, expected " + shape.cells);
        byte[] out = new byte[grid.length];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                int src = transpose ? colPerm[c] * n + rowPerm[r] : rowPerm[r] * n + colPerm[c];
                out[r * n + c] = (byte) digitMap[grid[src]];
            }
        }
        return out;
    }

    /**
     * The transform that undoes this one. With a transpose, out(r, c) = in(colPerm[c], rowPerm[r]), whose
     * inverse is again "transpose, then permute" with rows inv(colPerm) and columns inv(rowPerm).
     */
    public SudokuTransform inverse() {
        int[] inverseDigits = invert(digitMap);
        return transpose
                ? new SudokuTransform(shape, inverseDigits, true, invert(colPerm), invert(rowPerm))
                : new SudokuTransform(shape, inverseDigits, false, invert(rowPerm), invert(colPerm));
    }

    private static int[] blockPermutation(int blocks, int blockSize, RandomGenerator rng) {
        int[] order = permutation(blocks, rng);
        int[] perm = new int[blocks * blockSize];
        int k = 0;
        for (int b : order) {
            int[] within = permutation(blockSize, rng);
            for (int w : within) perm[k++] = b * blockSize + w;
        }
        return perm;
    }

    /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
    static int[] permutation(int n, RandomGenerator rng) {
        int[] p = identityPerm(n);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i]; p[i] = p[j]; p[j] = t;
        }
        return p;
    }

    private static int[] identityPerm(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        return p;
    }

    private static int[] invert(int[] p) {
        int[] inv = new int[p.length];
        for (int i = 0; i < p.length; i++) inv[p[i]] = i;
        return inv;
    }
}
