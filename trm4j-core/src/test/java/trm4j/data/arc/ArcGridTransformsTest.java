package trm4j.data.arc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArcGridTransformsTest {
    private static final ArcGrid G = ArcGrid.of(new int[][] {{1, 2, 3}, {4, 5, 6}});

    @Test
    void dihedralMatchesNumpy() {
        // np.rot90 (counter-clockwise), fliplr, flipud, .T and fliplr(rot90) of [[1,2,3],[4,5,6]].
        int[][][] want = {
                {{1, 2, 3}, {4, 5, 6}},
                {{3, 6}, {2, 5}, {1, 4}},
                {{6, 5, 4}, {3, 2, 1}},
                {{4, 1}, {5, 2}, {6, 3}},
                {{3, 2, 1}, {6, 5, 4}},
                {{4, 5, 6}, {1, 2, 3}},
                {{1, 4}, {2, 5}, {3, 6}},
                {{6, 3}, {5, 2}, {4, 1}},
        };
        for (int t = 0; t < 8; t++) {
            assertArrayEquals(want[t], G.dihedral(t).toRows(), "tid " + t);
            assertEquals(G, G.dihedral(t).undoDihedral(t), "inverse of tid " + t);
        }
    }

    @Test
    void augmentationNameParseAndInverse() {
        ArcAugmentation a = new ArcAugmentation(3, new byte[] {0, 4, 7, 1, 9, 2, 3, 5, 6, 8});
        assertEquals("abc|||t3|||0471923568", a.name("abc"));
        ArcAugmentation p = ArcAugmentation.parse(a.name("abc"));
        assertEquals(3, p.transId());
        assertArrayEquals(a.colourMap(), p.colourMap());
        assertEquals("abc", ArcAugmentation.baseName(a.name("abc")));
        assertNull(ArcAugmentation.parse("abc"));
        ArcGrid aug = a.apply(G);
        // colours first (1→4 … 6→3), then rot270: [[m[H-1-j][i]]]
        assertArrayEquals(new int[][] {{9, 4}, {2, 7}, {3, 1}}, aug.toRows());
        assertEquals(G, a.invert(aug));
        assertThrows(IllegalArgumentException.class, () -> ArcAugmentation.parse("x|||t9|||0123456789"));
    }

    @Test
    void drawUsesOfficialOrder() {
        // numpy 2.4.6, seed 42: randint(0, 8) = 6, then permutation(arange(1, 10)) = [9,2,6,1,8,3,7,5,4].
        ArcAugmentation a = ArcAugmentation.draw(new LegacyRandomState(42));
        assertEquals(6, a.transId());
        assertArrayEquals(new byte[] {0, 9, 2, 6, 1, 8, 3, 7, 5, 4}, a.colourMap());
    }

    @Test
    void gridAndPuzzleHashes() {
        ArcPuzzleHash h = new ArcPuzzleHash();
        // hashlib.sha256(bytes([1, 1, 0])) and bytes([2, 3, 1, 2, 3, 4, 5, 6])
        assertEquals(HASH_1X1_ZERO, h.gridHex(ArcGrid.of(new int[][] {{0}})));
        assertEquals(HASH_G, h.gridHex(G));
        assertEquals(HASH_G, G.sha256Hex());
        ArcPair p1 = new ArcPair(G, ArcGrid.of(new int[][] {{0}}));
        ArcPair p2 = new ArcPair(ArcGrid.of(new int[][] {{0}}), G);
        assertEquals(h.hashHex(List.of(p1, p2)), h.hashHex(List.of(p2, p1)));
        assertEquals(64, h.hashHex(List.of(p1)).length());
        assertThrows(AssertionError.class, () -> assertEquals(h.hashHex(List.of(p1)), h.hashHex(List.of(p2))));
    }

    static final String HASH_1X1_ZERO = "9f44ac6acb8a37b00b615dc89259d306035be82dee7db2b472e4c48326195440";
    static final String HASH_G = "8a85482c8c93e41992c7fef9efca7b25d8e75bcc87bedf3e5f203700a34e9a6a";

    @Test
    void gridValidation() {
        assertThrows(IllegalArgumentException.class, () -> ArcGrid.of(new int[][] {{1, 2}, {3}}));
        assertThrows(IllegalArgumentException.class, () -> ArcGrid.of(new int[][] {{10}}));
        assertThrows(IllegalArgumentException.class, () -> ArcGrid.of(new int[][] {{-1}}));
        assertThrows(IllegalArgumentException.class, () -> ArcGrid.of(new int[31][1]));
        assertThrows(IllegalArgumentException.class, () -> ArcGrid.of(new int[1][31]));
        assertThrows(IllegalArgumentException.class, () -> ArcGrid.of(new int[0][0]));
        assertEquals(30, ArcGrid.of(new int[30][30]).rows());
    }
}
