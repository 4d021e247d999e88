package trm4j.data.arc;

/**
 * Token layout of one 30×30 ARC canvas (official): 0 PAD, 1 EOS, 2..11 colours 0..9. A grid sits at
 * (padR, padC); EOS fills the row just below it (grid columns) and the column just right of it (grid
 * rows) when they fit; the diagonal corner stays PAD.
 */
public final class ArcEncoding {
    public static final int SIZE = ArcGrid.MAX_SIZE;
    public static final int SEQ_LEN = SIZE * SIZE;
    public static final int PAD = 0;
    public static final int EOS = 1;
    public static final int VOCAB_SIZE = 12;

    private ArcEncoding() {}

    /** Writes the grid at (padR, padC) into {@code out[off .. off+900)} (fully overwritten). */
    public static void encode(ArcGrid g, int padR, int padC, byte[] out, int off) {
        java.util.Arrays.fill(out, off, off + SEQ_LEN, (byte) PAD);
        int h = g.rows(), w = g.cols();
        byte[] cells = g.cells();
        for (int r = 0; r < h; r++) {
            int base = off + (padR + r) * SIZE + padC;
            for (int c = 0; c < w; c++) out[base + c] = (byte) (cells[r * w + c] + 2);
        }
        int eosRow = padR + h, eosCol = padC + w;
        if (eosRow < SIZE) for (int c = padC; c < eosCol; c++) out[off + eosRow * SIZE + c] = EOS;
        if (eosCol < SIZE) for (int r = padR; r < eosRow; r++) out[off + r * SIZE + eosCol] = EOS;
    }

    public static byte[] encode(ArcGrid g) {
        byte[] out = new byte[SEQ_LEN];
        encode(g, 0, 0, out, 0);
        return out;
    }

    /**
     * The official crop: scan rows from the top with a width that starts at 30 and shrinks to the first
     * non-colour token in each row; keep the largest rows×width rectangle (strictly larger wins).
     * Returns {@link ArcGrid#EMPTY} when the top-left cell is not a colour. Tokens are read as ints from {@code seq}.
     */
    public static ArcGrid crop(int[] seq) {
        if (seq.length != SEQ_LEN) throw new IllegalArgumentException("sequence has " + seq.length + " tokens, expected 900");
        int maxArea = 0, bestR = 0, bestC = 0;
        int width = SIZE;
        for (int r = 0; r < SIZE; r++) {
            int c = 0;
            while (c < width && seq[r * SIZE + c] >= 2 && seq[r * SIZE + c] <= 11) c++;
            width = c;
            int area = width * (r + 1);
            if (area > maxArea) {
                maxArea = area;
                bestR = r + 1;
                bestC = width;
            }
        }
        if (maxArea == 0) return ArcGrid.EMPTY;
        byte[] cells = new byte[bestR * bestC];
        for (int r = 0; r < bestR; r++) for (int c = 0; c < bestC; c++) cells[r * bestC + c] = (byte) (seq[r * SIZE + c] - 2);
        return new ArcGrid(bestR, bestC, cells);
    }
}
