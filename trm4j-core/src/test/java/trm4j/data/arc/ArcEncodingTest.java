package trm4j.data.arc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ArcEncodingTest {
    private static int[] ints(byte[] b) {
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) out[i] = b[i];
        return out;
    }

    @Test
    void placesGridEosAndPad() {
        ArcGrid g = ArcGrid.of(new int[][] {{0, 9}, {3, 4}});
        byte[] seq = new byte[900];
        ArcEncoding.encode(g, 5, 7, seq, 0);
        assertEquals(2, seq[5 * 30 + 7]);
        assertEquals(11, seq[5 * 30 + 8]);
        assertEquals(5, seq[6 * 30 + 7]);
        assertEquals(1, seq[7 * 30 + 7]); // row below
        assertEquals(1, seq[7 * 30 + 8]);
        assertEquals(1, seq[5 * 30 + 9]); // column right
        assertEquals(1, seq[6 * 30 + 9]);
        assertEquals(0, seq[7 * 30 + 9]); // corner stays PAD
        int nonPad = 0;
        for (byte b : seq) if (b != 0) nonPad++;
        assertEquals(8, nonPad);
    }

    @Test
    void fullCanvasHasNoEos() {
        ArcGrid g = ArcGrid.of(new int[30][30]);
        byte[] seq = ArcEncoding.encode(g);
        for (byte b : seq) assertEquals(2, b);
        assertEquals(g, ArcEncoding.crop(ints(seq)));
    }

    @Test
    void cropRecoversTopLeftGrid() {
        ArcGrid g = ArcGrid.of(new int[][] {{1, 2, 3}, {4, 5, 6}});
        assertEquals(g, ArcEncoding.crop(ints(ArcEncoding.encode(g))));
    }

    @Test
    void cropKeepsLargestRectangleWithShrinkingWidth() {
        // row 0: 4 colours, row 1: 2 colours then EOS, row 2: 3 colours, row 3: EOS.
        int[] seq = new int[900];
        for (int c = 0; c < 4; c++) seq[c] = 3;
        seq[4] = 1;
        seq[30] = 4;
        seq[31] = 4;
        seq[32] = 1;
        for (int c = 0; c < 3; c++) seq[60 + c] = 5;
        seq[90] = 1;
        ArcGrid got = ArcEncoding.crop(seq);
        // areas: 1x4 = 4, 2x2 = 4 (not strictly larger), 3x2 = 6 → 3 rows x 2 columns.
        assertEquals(3, got.rows());
        assertEquals(2, got.cols());
        assertEquals(3, got.get(2, 1));
    }

    @Test
    void cropOfNothingIsEmpty() {
        assertSame(ArcGrid.EMPTY, ArcEncoding.crop(new int[900]));
    }
}
