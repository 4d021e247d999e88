package trm4j.data.arc;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One ARC grid: {@code rows × cols} colours 0..9, row-major. Immutable by convention (the array is not
 * copied on the hot augmentation path; callers must not mutate it).
 */
public record ArcGrid(int rows, int cols, byte[] cells) {
    public static final int MAX_SIZE = 30;

    /** The 0×0 grid the evaluator's crop yields when no cell holds a colour. */
    public static final ArcGrid EMPTY = new ArcGrid(0, 0, new byte[0]);

    public ArcGrid {
        if ((rows != 0 || cols != 0) && (rows < 1 || cols < 1 || rows > MAX_SIZE || cols > MAX_SIZE)) {
            throw new IllegalArgumentException("grid " + rows + "x" + cols + " is outside 1x1..30x30");
        }
        if (cells.length != rows * cols) {
            throw new IllegalArgumentException("grid " + rows + "x" + cols + " has " + cells.length + " cells");
        }
    }

    /** This grid under dihedral transform {@code tid} ({@link trm4j.data.Dihedral}, numbered as the official code). */
    public ArcGrid dihedral(int tid) {
        if (tid == 0) return this;
        boolean swap = trm4j.data.Dihedral.swapsSides(tid);
        return new ArcGrid(swap ? cols : rows, swap ? rows : cols, trm4j.data.Dihedral.apply(cells, rows, cols, tid));
    }

    /** Undoes {@link #dihedral}{@code (tid)}. */
    public ArcGrid undoDihedral(int tid) { return dihedral(trm4j.data.Dihedral.inverse(tid)); }

    /** From rows of colours (validated: rectangular, 1..30 each way, colours 0..9). */
    public static ArcGrid of(int[][] rows) {
        if (rows.length == 0 || rows[0].length == 0) {
            throw new IllegalArgumentException("empty grid; a grid needs at least one row and one column");
        }
        int w = rows[0].length;
        byte[] c = new byte[rows.length * w];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != w) {
                throw new IllegalArgumentException("ragged grid: row " + r + " has " + rows[r].length
                        + " cells, row 0 has " + w + "; every row must have the same length");
            }
            for (int j = 0; j < w; j++) {
                int v = rows[r][j];
                if (v < 0 || v > 9) {
                    throw new IllegalArgumentException("colour " + v + " at row " + r + ", column " + j
                            + " is outside 0..9");
                }
                c[r * w + j] = (byte) v;
            }
        }
        return new ArcGrid(rows.length, w, c);
    }

    public int get(int r, int c) { return cells[r * cols + c]; }

    public int[][] toRows() {
        int[][] out = new int[rows][cols];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) out[r][c] = get(r, c);
        return out;
    }

    /** Colours mapped through {@code map} (map[old] = new). */
    public ArcGrid mapColours(byte[] map) {
        byte[] c = new byte[cells.length];
        for (int i = 0; i < c.length; i++) c[i] = map[cells[i]];
        return new ArcGrid(rows, cols, c);
    }

    /** The official grid hash input: the two dimensions as single bytes, then the cells. */
    public byte[] hashBytes() {
        byte[] b = new byte[2 + cells.length];
        b[0] = (byte) rows;
        b[1] = (byte) cols;
        System.arraycopy(cells, 0, b, 2, cells.length);
        return b;
    }

    /** Lower-case hex SHA-256 of {@link #hashBytes()} (the official {@code grid_hash}). */
    public String sha256Hex() { return HexFormat.of().formatHex(sha256(hashBytes())); }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArcGrid g && g.rows == rows && g.cols == cols && Arrays.equals(g.cells, cells);
    }

    @Override
    public int hashCode() { return 31 * (31 * rows + cols) + Arrays.hashCode(cells); }

    @Override
    public String toString() { return "ArcGrid[" + rows + "x" + cols + "]"; }
}
