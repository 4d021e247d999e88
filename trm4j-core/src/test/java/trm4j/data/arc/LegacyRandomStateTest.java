package trm4j.data.arc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Known outputs of numpy's legacy RandomState. Sources: the MT19937 reference implementation's first
 * output for init_genrand(5489) is 3499211612; the others were printed by numpy 2.4.6
 * ({@code np.random.RandomState(seed).…}) and agree with the algorithm in numpy/random/mtrand.pyx,
 * _bounded_integers.pyx.in and src/distributions/distributions.c.
 */
class LegacyRandomStateTest {
    @Test
    void referenceFirstWord() {
        assertEquals(3499211612L, Integer.toUnsignedLong(new LegacyRandomState(5489).nextUint32()));
        // randint over the full 32-bit range takes one unmasked word.
        assertEquals(3499211612L, new LegacyRandomState(5489).randint(0, 1L << 32));
    }

    @Test
    void randomSampleSeed42() {
        LegacyRandomState r = new LegacyRandomState(42);
        assertEquals(0.3745401188473625, r.randomSample());
        // the 701st draw crosses the 624-word regeneration boundary.
        for (int i = 0; i < 699; i++) r.randomSample();
        assertEquals(0.5325894325515859, r.randomSample());
    }

    @Test
    void randintSeed42() {
        LegacyRandomState r = new LegacyRandomState(42);
        long[] got = new long[10];
        for (int i = 0; i < 10; i++) got[i] = r.randint(0, 100);
        assertArrayEquals(new long[] {51, 92, 14, 71, 60, 20, 82, 86, 74, 74}, got);
    }

    @Test
    void emptyRangeDrawsNothing() {
        LegacyRandomState r = new LegacyRandomState(42);
        assertEquals(0, r.randint(0, 1));
        assertEquals(51, r.randint(0, 100));
    }

    @Test
    void sixtyFourBitPathAndOffsets() {
        LegacyRandomState r = new LegacyRandomState(42);
        assertEquals(441507790259L, r.randint(0, 1L << 40));
        assertEquals(2, r.randint(-5, 5));
        assertEquals(810017303572L, r.randint(0, 1L << 40));
    }

    @Test
    void permutationSeed42() {
        assertArrayEquals(new int[] {8, 1, 5, 0, 7, 2, 9, 4, 3, 6}, new LegacyRandomState(42).permutation(10));
    }

    @Test
    void listShuffleThenColourPermutation() {
        LegacyRandomState r = new LegacyRandomState(7);
        List<Character> l = new ArrayList<>();
        for (char c : "abcdefghij".toCharArray()) l.add(c);
        r.shuffle(l);
        StringBuilder sb = new StringBuilder();
        l.forEach(sb::append);
        assertEquals("ifacbjhdge", sb.toString());
        // np.random.permutation(np.arange(1, 10)) continues the same stream.
        int[] p = r.permutation(9);
        for (int i = 0; i < 9; i++) p[i]++;
        assertEquals("[2, 3, 6, 4, 1, 5, 7, 8, 9]", Arrays.toString(p));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new LegacyRandomState(-1));
        assertThrows(IllegalArgumentException.class, () -> new LegacyRandomState(1L << 32));
        assertThrows(IllegalArgumentException.class, () -> new LegacyRandomState(1).randint(3, 3));
    }
}
