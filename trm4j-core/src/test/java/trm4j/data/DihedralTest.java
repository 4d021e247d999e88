package trm4j.data;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class DihedralTest {
    // 2×3 grid  [[0,1,2],[3,4,5]]
    private static final byte[] M = {0, 1, 2, 3, 4, 5};

    @Test
    void matchesNumpyOnASmallGrid() {
        // Expected values written out from numpy's definitions (rot90 is counter-clockwise).
        assertArrayEquals(new byte[]{0, 1, 2, 3, 4, 5}, Dihedral.apply(M, 2, 3, 0));
        assertArrayEquals(new byte[]{2, 5, 1, 4, 0, 3}, Dihedral.apply(M, 2, 3, 1)); // rot90: [[2,5],[1,4],[0,3]]
        assertArrayEquals(new byte[]{5, 4, 3, 2, 1, 0}, Dihedral.apply(M, 2, 3, 2));
        assertArrayEquals(new byte[]{3, 0, 4, 1, 5, 2}, Dihedral.apply(M, 2, 3, 3)); // rot270: [[3,0],[4,1],[5,2]]
        assertArrayEquals(new byte[]{2, 1, 0, 5, 4, 3}, Dihedral.apply(M, 2, 3, 4));
        assertArrayEquals(new byte[]{3, 4, 5, 0, 1, 2}, Dihedral.apply(M, 2, 3, 5));
        assertArrayEquals(new byte[]{0, 3, 1, 4, 2, 5}, Dihedral.apply(M, 2, 3, 6));
        assertArrayEquals(new byte[]{5, 2, 4, 1, 3, 0}, Dihedral.apply(M, 2, 3, 7)); // fliplr(rot90)
    }

    @Test
    void inversesComposeToIdentityOnNonSquareGrids() {
        int h = 3, w = 5;
        byte[] m = new byte[h * w];
        for (int i = 0; i < m.length; i++) m[i] = (byte) (i * 7 + 1);
        for (int t = 0; t < Dihedral.COUNT; t++) {
            byte[] fwd = Dihedral.apply(m, h, w, t);
            int fh = Dihedral.swapsSides(t) ? w : h, fw = Dihedral.swapsSides(t) ? h : w;
            byte[] back = Dihedral.apply(fwd, fh, fw, Dihedral.inverse(t));
            assertArrayEquals(m, back, "transform " + t + " then its inverse " + Dihedral.inverse(t));
        }
    }

    @Test
    void eightDistinctImagesAndGroupStructure() {
        int side = 4;
        byte[] m = new byte[side * side];
        for (int i = 0; i < m.length; i++) m[i] = (byte) i;
        Set<String> images = new HashSet<>();
        for (int t = 0; t < Dihedral.COUNT; t++) images.add(Arrays.toString(Dihedral.apply(m, side, side, t)));
        assertEquals(8, images.size());
        byte[] r1 = Dihedral.apply(m, side, side, 1);
        assertArrayEquals(Dihedral.apply(m, side, side, 2), Dihedral.apply(r1, side, side, 1), "rot90∘rot90 = rot180");
        assertArrayEquals(Dihedral.apply(m, side, side, 3), Dihedral.apply(Dihedral.apply(r1, side, side, 1), side, side, 1),
                "rot90³ = rot270");
        assertArrayEquals(Dihedral.apply(m, side, side, 7), Dihedral.apply(r1, side, side, 4), "anti-transpose = fliplr∘rot90");
        assertArrayEquals(Dihedral.apply(m, side, side, 6), Dihedral.apply(Dihedral.apply(m, side, side, 4), side, side, 1),
                "transpose = rot90∘fliplr");
    }

    @Test
    void stringAndIntVariantsAgreeWithBytes() {
        String g = "abcdefghi";
        assertEquals("cfibehadg", Dihedral.apply(g, 3, 1));
        int[] ints = {0, 1, 2, 3, 4, 5};
        assertArrayEquals(new int[]{2, 5, 1, 4, 0, 3}, Dihedral.apply(ints, 2, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> Dihedral.apply(M, 2, 3, 8));
        assertThrows(IllegalArgumentException.class, () -> Dihedral.apply(M, 2, 2, 0));
    }
}
