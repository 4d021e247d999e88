package trm4j.data.arc;

/**
 * The 8 dihedral transforms of the official {@code dataset/common.py} ({@code tid} 0..7: identity,
 * rot90 ×1/×2/×3 counter-clockwise, left-right flip, up-down flip, transpose, anti-transpose).
 */
public final class Dihedral {
    /** inverse[tid] undoes tid (the official DIHEDRAL_INVERSE). */
    private static final int[] INVERSE = {0, 3, 2, 1, 4, 5, 6, 7};

    private Dihedral() {}

    public static int inverse(int tid) { return INVERSE[check(tid)]; }

    private static int check(int tid) {
        if (tid < 0 || tid > 7) throw new IllegalArgumentException("dihedral id " + tid + " is outside 0..7");
        return tid;
    }

    public static ArcGrid apply(ArcGrid g, int tid) {
        check(tid);
        if (tid == 0) return g;
        int h = g.rows(), w = g.cols();
        boolean swap = tid == 1 || tid == 3 || tid == 6 || tid == 7;
        int oh = swap ? w : h, ow = swap ? h : w;
        byte[] src = g.cells();
        byte[] out = new byte[src.length];
        for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) {
                int r, c;
                switch (tid) {
                    case 1 -> { r = j; c = w - 1 - i; }
                    case 2 -> { r = h - 1 - i; c = w - 1 - j; }
                    case 3 -> { r = h - 1 - j; c = i; }
                    case 4 -> { r = i; c = w - 1 - j; }
                    case 5 -> { r = h - 1 - i; c = j; }
                    case 6 -> { r = j; c = i; }
                    default -> { r = h - 1 - j; c = w - 1 - i; }
                }
                out[i * ow + j] = src[r * w + c];
            }
        }
        return new ArcGrid(oh, ow, out);
    }

    public static ArcGrid applyInverse(ArcGrid g, int tid) { return apply(g, inverse(tid)); }
}
