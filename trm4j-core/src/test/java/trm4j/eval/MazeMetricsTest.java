package trm4j.eval;

import org.junit.jupiter.api.Test;
import trm4j.data.maze.MazeTokens;

import static org.junit.jupiter.api.Assertions.*;

class MazeMetricsTest {
    // 4×4 maze, two routes of different length from S (top left) to G (bottom right):
    //   S . . .
    //   . # # .
    //   . # . .
    //   . . . G       shortest = 6 moves; two shortest routes (along the top/right, or left/bottom).
    static final String Q = "S   " + " ## " + " #  " + "   G";
    static final String LABEL = "Sooo" + " ##o" + " # o" + "   G";   // top then right: 5 'o', valid optimal

    private static int[] tokens(String... grids) {
        int[] out = new int[grids.length * grids[0].length()];
        int k = 0;
        for (String g : grids) for (char c : g.toCharArray()) out[k++] = c == '?' ? 0 : MazeTokens.token(c);
        return out;
    }

    private static MazeMetrics score(String prediction) {
        MazeMetrics m = new MazeMetrics();
        m.add(tokens(prediction), tokens(Q), tokens(LABEL), 1, 16);
        return m;
    }

    @Test
    void exactMatchIsValidOptimal() {
        MazeMetrics m = score(LABEL);
        assertEquals(1.0, m.validOptimalRate());
        assertEquals(1.0, m.exactRate());
    }

    @Test
    void otherShortestPathIsValidOptimalButNotExact() {
        MazeMetrics m = score("S   " + "o## " + "o#  " + "oooG");
        assertEquals(1.0, m.validOptimalRate());
        assertEquals(0.0, m.exactRate());
    }

    @Test
    void extraPathCellsAreNotOptimal() {
        // The label's path plus two extra 'o' cells at (2,2) and (3,2): S still reaches G in 6 moves, but the
        // prediction marks cells off that path.
        MazeMetrics m = score("Sooo" + " ##o" + " #oo" + "  oG");
        assertEquals(0.0, m.validOptimalRate(), "extra 'o' cells off the shortest path");
        assertEquals(0.0, m.exactRate());
    }

    @Test
    void longerValidDetourInABiggerMaze() {
        // 5×5 with an open middle: a path that wiggles (valid, connected, simple) but is longer than optimal.
        String q = "S    " + "     " + "     " + "     " + "    G";
        String detour = "Soooo" + "    o" + "ooooo" + "o    " + "ooooG";   // 16 moves vs optimal 8
        String optimal = "Soooo" + "    o" + "    o" + "    o" + "    G";
        MazeMetrics m = new MazeMetrics();
        m.add(tokens(detour, optimal), tokens(q, q), tokens(optimal, optimal), 2, 25);
        assertEquals(0.5, m.validOptimalRate());
        assertEquals(0.5, m.exactRate());
        assertEquals(2, m.count());
    }

    @Test
    void brokenPathsAndChangedGivensFail() {
        String gap = "Soo " + " ##o" + " # o" + "   G";              // 4 'o' with a gap at (0,3)
        String gapRightCount = "Soo " + " ##o" + " # o" + "o  G";    // 5 'o' (the optimal count) but disconnected
        String wallRemoved = "Sooo" + " # o" + " # o" + "   G";
        String goalMoved = "Sooo" + " ##o" + " # G" + "   o";
        String pad = "Sooo" + " ##o" + " # o" + "   ?";
        String pathOnWall = "Sooo" + " #oo" + " # o" + "   G";     // 'o' where the input has a wall
        for (String p : new String[]{gap, gapRightCount, wallRemoved, goalMoved, pad, pathOnWall}) {
            MazeMetrics m = score(p);
            assertEquals(0.0, m.validOptimalRate(), p);
            assertEquals(0.0, m.exactRate(), p);
        }
    }

    @Test
    void batchesAccumulate() {
        MazeMetrics m = new MazeMetrics();
        m.add(tokens(LABEL, Q), tokens(Q, Q), tokens(LABEL, LABEL), 2, 16);
        m.add(tokens(LABEL), tokens(Q), tokens(LABEL), 1, 16);
        assertEquals(3, m.count());
        assertEquals(2.0 / 3, m.validOptimalRate(), 1e-12);
        assertEquals(2.0 / 3, m.exactRate(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> m.add(new int[15], new int[15], new int[15], 1, 15));
    }
}
