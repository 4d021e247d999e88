package trm4j.data;

/**
 * The 8 dihedral transforms of an H×W grid (Maze and ARC augmentation), numbered as the official {@code dataset/common.py}
 * {@code dihedral_transform(arr, tid)} (numpy rot90 / fliplr / flipud / transpose). Transforms 1, 3, 6 and 7 swap the
 * two sides (the output is W×H). The grid is row-major; element (i, j) of the output is read from the input cell
 * given in {@link #sourceIndex}.
 */
public final class Dihedral {
    private Dihedral() {}

    public static final int COUNT = 8;
    /** {@code INVERSE[t]} undoes transform t (rot90 and rot270 undo each other; the others are involutions). */
    private static final int[] INVERSE = {0, 3, 2, 1, 4, 5, 6, 7};

    public static int inverse(int tid) {
        check(tid);
        return INVERSE[tid];
    }

    /** Whether transform tid swaps height and width. */
    public static boolean swapsSides(int tid) {
        check(tid);
        return tid == 1 || tid == 3 || tid == 6 || tid == 7;
    }

    /** Row-major index in the H×W input of the element that lands on output (i, j). */
    static int sourceIndex(int tid, int h, int w, int i, int j) {
        return switch (tid) {
            case 0 -> i * w + j;                       // identity
            case 1 -> j * w + (w - 1 - i);             // rot90 (counter-clockwise), output W×H
            case 2 -> (h - 1 - i) * w + (w - 1 - j);   // rot180
            case 3 -> (h - 1 - j) * w + i;             // rot270, output W×H
            case 4 -> i * w + (w - 1 - j);             // left-right flip
            case 5 -> (h - 1 - i) * w + j;             // up-down flip
            case 6 -> j * w + i;                       // transpose, output W×H
            case 7 -> (h - 1 - j) * w + (w - 1 - i);   // anti-transpose, output W×H
            default -> throw new IllegalArgumentException("dihedral transform id must be 0..7, got " + tid);
        };
    }

    /** m: [h, w] row-major → [h', w'] row-major with (h', w') = (w, h) when {@link #swapsSides}. */
    public static byte[] apply(byte[] m, int h, int w, int tid) {
        checkShape(m.length, h, w);
        boolean swap = swapsSides(tid);
        int oh = swap ? w : h, ow = swap ? h : w;
        byte[] out = new byte[m.length];
        for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++) out[i * ow + j] = m[sourceIndex(tid, h, w, i, j)];
        return out;
    }

    /** Same as {@link #apply(byte[], int, int, int)} for int grids (predictions). */
    public static int[] apply(int[] m, int h, int w, int tid) {
        checkShape(m.length, h, w);
        boolean swap = swapsSides(tid);
        int oh = swap ? w : h, ow = swap ? h : w;
        int[] out = new int[m.length];
        for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++) out[i * ow + j] = m[sourceIndex(tid, h, w, i, j)];
        return out;
    }

    /** A square grid given as a row-major string (one character per cell). */
    public static String apply(String grid, int side, int tid) {
        checkShape(grid.length(), side, side);
        char[] out = new char[grid.length()];
        for (int i = 0; i < side; i++)
            for (int j = 0; j < side; j++) out[i * side + j] = grid.charAt(sourceIndex(tid, side, side, i, j));
        return new String(out);
    }

    private static void check(int tid) {
        if (tid < 0 || tid >= COUNT) throw new IllegalArgumentException("dihedral transform id must be 0..7, got " + tid);
    }

    private static void checkShape(int length, int h, int w) {
        if (h <= 0 || w <= 0 || (long) h * w != length)
            throw new IllegalArgumentException("grid of " + length + " cells is not " + h + "×" + w);
    }
}
