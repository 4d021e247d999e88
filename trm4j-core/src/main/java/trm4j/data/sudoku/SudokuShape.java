package trm4j.data.sudoku;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The geometry of an N×N Sudoku whose boxes have {@code boxRows} rows and {@code boxCols} columns
 * (N = boxRows·boxCols): 2×2 boxes (4×4 grid), 2×3 boxes (6×6), 3×3 boxes (9×9).
 *
 * <p>A grid is a {@code byte[N·N]} in row-major order with 0 for a blank and 1..N for digits. The token
 * scheme generalises the official 9×9 one: token = value + 1, so blank = 1, digits = 2..N+1, PAD 0 never
 * occurs, vocabulary N+2 (11 for 9×9, exactly as the official builder).
 *
 * <p>Units (rows, columns, boxes) and peers are precomputed once per shape because the solver's inner loop
 * walks them millions of times.
 */
public final class SudokuShape {
    public static final SudokuShape S4 = new SudokuShape(2, 2);
    public static final SudokuShape S6 = new SudokuShape(2, 3);
    public static final SudokuShape S9 = new SudokuShape(3, 3);

    public final int boxRows, boxCols, n, cells;
    /** units[u] = the N cells of unit u: rows 0..N-1, columns N..2N-1, boxes 2N..3N-1. */
    final int[][] units;
    /** unitsOf[cell] = {row unit, column unit, box unit}. */
    final int[][] unitsOf;
    /** peers[cell] = every other cell sharing a unit with it (20 for 9×9). */
    final int[][] peers;

    private SudokuShape(int boxRows, int boxCols) {
        this.boxRows = boxRows;
        this.boxCols = boxCols;
        this.n = boxRows * boxCols;
        this.cells = n * n;
        units = new int[3 * n][n];
        unitsOf = new int[cells][3];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                int cell = r * n + c;
                int b = (r / boxRows) * (n / boxCols) + c / boxCols;
                int inBox = (r % boxRows) * boxCols + c % boxCols;
                units[r][c] = cell;
                units[n + c][r] = cell;
                units[2 * n + b][inBox] = cell;
                unitsOf[cell] = new int[] {r, n + c, 2 * n + b};
            }
        }
        peers = new int[cells][];
        for (int cell = 0; cell < cells; cell++) {
            boolean[] seen = new boolean[cells];
            int count = 0;
            for (int u : unitsOf[cell]) for (int p : units[u]) if (p != cell && !seen[p]) { seen[p] = true; count++; }
            int[] list = new int[count];
            for (int p = 0, k = 0; p < cells; p++) if (seen[p]) list[k++] = p;
            peers[cell] = list;
        }
    }

    /** The shape of a grid with {@code size} rows: 4, 6 or 9. */
    public static SudokuShape ofSize(int size) {
        return switch (size) {
            case 4 -> S4;
            case 6 -> S6;
            case 9 -> S9;
            default -> throw new IllegalArgumentException("Sudoku size " + size + " is not supported; use 4, 6 or 9");
        };
    }

    /** The shape whose grid has {@code cellCount} cells (16, 36 or 81), or null. */
    public static SudokuShape ofCellCount(int cellCount) {
        return switch (cellCount) {
            case 16 -> S4;
            case 36 -> S6;
            case 81 -> S9;
            default -> null;
        };
    }

    /** Vocabulary of the token scheme: PAD 0, blank 1, digits 2..N+1. */
    public int vocabSize() { return n + 2; }

    /** Whether transposing maps valid grids to valid grids (only when boxes are square). */
    public boolean transposable() { return boxRows == boxCols; }

    /** Whether {@code grid} is a complete grid in which every unit holds each digit 1..N exactly once. */
    public boolean isValidSolution(byte[] grid) {
        if (grid.length != cells) return false;
        int all = (1 << n) - 1;
        for (int[] unit : units) {
            int seen = 0;
            for (int cell : unit) {
                int v = grid[cell];
                if (v < 1 || v > n) return false;
                seen |= 1 << (v - 1);
            }
            if (seen != all) return false;
        }
        return true;
    }

    /** The first cell whose given digit repeats an earlier given of its row, column or box, or -1 when the givens agree. */
    public int contradiction(byte[] grid) {
        int worst = -1;
        for (int[] unit : units) {
            int seen = 0;
            for (int cell : unit) {
                int v = grid[cell];
                if (v == 0) continue;
                if ((seen & 1 << (v - 1)) != 0) { if (worst < 0 || cell < worst) worst = cell; break; }
                seen |= 1 << (v - 1);
            }
        }
        return worst;
    }

    /** Whether {@code solution} agrees with every given (non-blank) cell of {@code puzzle}. */
    public static boolean agrees(byte[] puzzle, byte[] solution) {
        for (int i = 0; i < puzzle.length; i++) if (puzzle[i] != 0 && puzzle[i] != solution[i]) return false;
        return true;
    }

    /** The grid as text: digits, '.' for blanks (the common one-line format). */
    public static String format(byte[] grid) {
        StringBuilder sb = new StringBuilder(grid.length);
        for (byte v : grid) sb.append(v == 0 ? '.' : (char) ('0' + v));
        return sb.toString();
    }

    /** Parses a one-line grid ('.' or '0' blank, '1'..'N' digits); null when the length or a character is wrong. */
    public byte[] parse(CharSequence text) {
        if (text.length() != cells) return null;
        byte[] g = new byte[cells];
        for (int i = 0; i < cells; i++) {
            char ch = text.charAt(i);
            if (ch == '.' || ch == '0') g[i] = 0;
            else if (ch >= '1' && ch <= '0' + n) g[i] = (byte) (ch - '0');
            else return null;
        }
        return g;
    }

    /** Index of the first character of {@code text} that is neither a blank nor a digit 1..N, or -1. */
    public int badChar(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (!(ch == '.' || ch == '0' || (ch >= '1' && ch <= '0' + n))) return i;
        }
        return -1;
    }

    /**
     * The tokens of a puzzle written as one line of N·N characters ('.' or '0' blank, '1'..'N' digits, whitespace
     * ignored); IllegalArgumentException with one line naming {@code where} for a bad character, length or a given
     * that repeats in its row, column or box.
     */
    public int[] parseTokens(String text, String where) {
        String s = text.replaceAll("\\s+", "");
        int bad = badChar(s);
        if (bad >= 0)
            throw new IllegalArgumentException(where + ": character " + (bad + 1) + " " + trm4j.io.FileError.describe(s.charAt(bad)) + " is not a digit 1-" + n
                    + " or a blank ('.' or '0')");
        if (s.length() != cells)
            throw new IllegalArgumentException(where + ": " + s.length() + " cells; a " + n + "x" + n + " Sudoku needs " + cells
                    + " (one line, '.' or '0' for blanks)");
        byte[] g = parse(s);
        int c = contradiction(g);
        if (c >= 0)
            throw new IllegalArgumentException(where + ": the given " + g[c] + " at row " + (c / n + 1) + ", column " + (c % n + 1)
                    + " repeats in its row, column or box: the puzzle has no solution");
        int[] t = new int[g.length];
        for (int i = 0; i < g.length; i++) t[i] = g[i] + 1;
        return t;
    }

    /** The text form of a token grid ({@link #parseTokens} reads it back); '?' for a token that is no cell value. */
    public String formatTokens(int[] tokens) {
        StringBuilder sb = new StringBuilder();
        for (int t : tokens) sb.append(t == 1 ? '.' : t >= 2 && t <= n + 1 ? (char) ('0' + t - 1) : '?');
        return sb.toString();
    }

    /**
     * The one drawing of a grid as text lines: {@code indent}, then per cell {@code cell.apply(index)} (two
     * characters, more with colour codes) with {@code boxBar} before the first cell of each box but the row's
     * first, and the line {@code rule} between box rows ({@link #rule}); trailing spaces are dropped.
     */
    public List<String> draw(String indent, IntFunction<String> cell, String boxBar, String rule) {
        List<String> out = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            if (r > 0 && r % boxRows == 0) out.add(rule);
            StringBuilder b = new StringBuilder(indent);
            for (int c = 0; c < n; c++) {
                if (c > 0 && c % boxCols == 0) b.append(boxBar);
                b.append(cell.apply(r * n + c));
            }
            out.add(b.toString().stripTrailing());
        }
        return out;
    }

    /** A rule under a row of cells: "--" per cell, {@code cross} between boxes. */
    public String rule(String cross) {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < n; c++) {
            if (c > 0 && c % boxCols == 0) b.append(cross);
            b.append("--");
        }
        return b.toString();
    }

    @Override
    public String toString() { return n + "x" + n + " (boxes " + boxRows + "x" + boxCols + ")"; }
}
