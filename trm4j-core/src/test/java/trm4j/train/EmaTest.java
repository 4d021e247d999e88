package trm4j.train;

import org.junit.jupiter.api.Test;

import trm4j.nn.Param;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class EmaTest {

    @Test
    void shadowStartsAsCopyAndFollowsOfficialFormula() {
        Param p = AdamAtan2Test.param("w", new float[]{1f, -2f}, 2);
        Param buffer = new Param("H_init", false, 2);
        float[] w = p.value;
        Ema ema = new Ema(0.999, List.of(p, buffer));
        assertNull(ema.shadow("H_init"));
        w[0] = 3f;               // a copy, not a view
        assertEquals(1f, ema.shadow("w")[0]);
        ema.update(List.of(p));
        // (1 − 0.999)·3 + 0.999·1 = 1.002 ; (0.001)·(−2) + 0.999·(−2) = −2
        assertEquals(1.002f, ema.shadow("w")[0], 2e-7f);
        assertEquals(-2f, ema.shadow("w")[1], 2e-7f);
        // float32 arithmetic with float32 scalars, like PyTorch's tensor·scalar
        float take = (float) (1 - 0.999), keep = 0.999f;
        assertEquals(take * 3f + keep * 1f, ema.shadow("w")[0]);
        for (int i = 0; i < 5000; i++) ema.update(List.of(p));
        assertEquals(3f, ema.shadow("w")[0], 0.02f);     // 1 + 2·(1 − 0.999^5001) ≈ 2.987
        assertEquals(1 + 2 * (1 - Math.pow(0.999, 5001)), ema.shadow("w")[0], 1e-4);
        Param target = new Param("w", true, 2);
        ema.copyTo(List.of(target, buffer));
        assertArrayEquals(ema.shadow("w"), target.value);
        assertArrayEquals(new float[2], buffer.value);
    }

    @Test
    void exportImportRoundTrip() {
        Param p = AdamAtan2Test.param("a.b", new float[]{1, 2, 3}, 1, 3);
        Ema ema = new Ema(0.9, List.of(p));
        p.value[1] = 10f;
        ema.update(List.of(p));
        Ema other = new Ema(0.9, List.of(p));
        other.importState(ema.exportState(List.of(p)), List.of(p));
        assertArrayEquals(ema.shadow("a.b"), other.shadow("a.b"));
        assertEquals(2.8f, other.shadow("a.b")[1], 1e-6f);
    }
}
