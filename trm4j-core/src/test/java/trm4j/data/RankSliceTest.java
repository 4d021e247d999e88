package trm4j.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** {@link BatchSampler#rankSlice}: rank r of N keeps rows [r·B/N, (r+1)·B/N) of the global batch. */
class RankSliceTest {
    /** A global batch of 6 rows of length 2: inputs row r = [r, 10 + r], labels = −r, ids = 100 + r; 4 real rows. */
    static Batch global() {
        int[] in = new int[12], lab = new int[12], ids = new int[6];
        for (int r = 0; r < 6; r++) { in[2 * r] = r; in[2 * r + 1] = 10 + r; lab[2 * r] = -r; lab[2 * r + 1] = -r; ids[r] = 100 + r; }
        return new Batch(in, lab, ids, 6, 4);
    }

    @Test
    void ranksTakeConsecutiveRowsAndPaddingStaysPadding() {
        Batch b = global();
        Batch r0 = BatchSampler.rankSlice(b, 0, 3), r1 = BatchSampler.rankSlice(b, 1, 3), r2 = BatchSampler.rankSlice(b, 2, 3);
        assertArrayEquals(new int[]{0, 10, 1, 11}, r0.inputs());
        assertArrayEquals(new int[]{-2, -2, -3, -3}, r1.labels());
        assertArrayEquals(new int[]{104, 105}, r2.puzzleIdentifiers());
        assertEquals(2, r0.effectiveSize());
        assertEquals(2, r1.effectiveSize());
        assertEquals(0, r2.effectiveSize(), "rows 4 and 5 are padding");
        assertSame(b, BatchSampler.rankSlice(b, 0, 1), "one process keeps the global batch");
    }

    @Test
    void aBatchThatDoesNotSplitEvenlyIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BatchSampler.rankSlice(global(), 0, 4));
        assertTrue(e.getMessage().contains("does not split evenly"), e.getMessage());
    }
}
