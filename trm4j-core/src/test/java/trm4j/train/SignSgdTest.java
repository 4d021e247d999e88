package trm4j.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SignSgdTest {

    @Test
    void duplicateIdsAreSummedAndAbsentRowsUntouched() {
        // table [4, 2]; batch ids 1,3,1 → rows 1 and 3 move, rows 0 and 2 keep their values exactly
        float[] w = {1f, 1f, 2f, -2f, 5f, 5f, 0.5f, -0.5f};
        int[] ids = {1, 3, 1};
        // row 1 gets (3 − 4, −1 + 1) = (−1, 0); row 3 gets (2, −7)
        float[] g = {3f, -1f, 2f, -7f, -4f, 1f};
        new SignSgd(0.1).step(w, 2, ids, g, 0.01);
        float decay = (float) (1 - 0.01 * 0.1);
        assertArrayEquals(new float[]{
                1f, 1f,
                2f * decay + 0.01f, -2f * decay,         // sign(−1) = −1, sign(0) = 0
                5f, 5f,
                0.5f * decay - 0.01f, -0.5f * decay + 0.01f}, w);
        assertEquals(2.008f, w[2], 1e-6);   // 2·0.999 + 0.01
    }

    @Test
    void outOfRangeIdIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SignSgd(0.1).step(new float[4], 2, new int[]{2}, new float[2], 0.1));
        assertTrue(e.getMessage().contains("2"), e.getMessage());
    }
}
