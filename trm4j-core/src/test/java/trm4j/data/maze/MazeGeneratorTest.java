package trm4j.data.maze;

import org.junit.jupiter.api.Test;
import trm4j.tensor.Parallel;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class MazeGeneratorTest {

    /** Exact number of shortest S–G paths and their length, computed independently of ShortestPaths. */
    record Count(int moves, BigInteger paths) {}

    static Count countShortest(String q, int side) {
        int n = side * side, s = q.indexOf('S'), g = q.indexOf('G');
        int[] dist = new int[n];
        BigInteger[] ways = new BigInteger[n];
        java.util.Arrays.fill(dist, -1);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        dist[s] = 0;
        ways[s] = BigInteger.ONE;
        queue.add(s);
        int[][] steps = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}};
        while (!queue.isEmpty()) {
            int c = queue.poll();
            for (int[] st : steps) {
                int r = c / side + st[0], col = c % side + st[1];
                if (r < 0 || r >= side || col < 0 || col >= side) continue;
                int nb = r * side + col;
                if (q.charAt(nb) == '#') continue;
                if (dist[nb] < 0) { dist[nb] = dist[c] + 1; ways[nb] = ways[c]; queue.add(nb); }
                else if (dist[nb] == dist[c] + 1) ways[nb] = ways[nb].add(ways[c]);
            }
        }
        return new Count(dist[g], dist[g] < 0 ? BigInteger.ZERO : ways[g]);
    }

    /** Follows the 'o' cells from S: each step must go to the only unvisited marked neighbour; returns moves to G. */
    static int walkLabel(String a, int side) {
        int c = a.indexOf('S'), prev = -1, moves = 0;
        int[][] steps = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}};
        while (a.charAt(c) != 'G') {
            int next = -1, options = 0;
            for (int[] st : steps) {
                int r = c / side + st[0], col = c % side + st[1];
                if (r < 0 || r >= side || col < 0 || col >= side) continue;
                int nb = r * side + col;
                char ch = a.charAt(nb);
                if (nb != prev && (ch == 'o' || ch == 'G')) { next = nb; options++; }
            }
            if (options != 1) return -1;   // dead end or a fork: not a simple path
            prev = c;
            c = next;
            moves++;
        }
        return moves;
    }

    private static void checkMazes(List<MazeRow> rows, int side, int minPath, boolean unique) {
        Set<String> questions = new HashSet<>();
        for (MazeRow row : rows) {
            assertNull(MazeCsv.problem(row, side * side), "generated row is well-formed");
            assertTrue(questions.add(row.question()), "questions are distinct");
            Count c = countShortest(row.question(), side);
            assertTrue(c.moves() > minPath, "solvable with a shortest path longer than " + minPath + ": " + c.moves());
            assertEquals(Integer.toString(c.moves()), row.rating(), "rating = shortest path length in moves");
            if (unique) assertEquals(BigInteger.ONE, c.paths(), "unique shortest path");
            long marks = row.answer().chars().filter(ch -> ch == 'o').count();
            assertEquals(c.moves() - 1, marks, "label marks the cells strictly between S and G");
            assertEquals(c.moves(), walkLabel(row.answer(), side), "the 'o' cells form one S-to-G path of optimal length");
        }
    }

    @Test
    void growProducesLongUniqueShortestPaths() {
        var gen = new MazeGenerator(MazeGenerator.Options.defaults(10, 24), 7);
        List<MazeRow> rows = gen.generate(40, List.of());
        assertEquals(40, rows.size());
        checkMazes(rows, 10, 24, true);
        assertTrue(gen.stats().layoutsTried() >= 40);
    }

    @Test
    void searchformerRejectionSamplingKeepsOnlyPassingInstances() {
        var o = new MazeGenerator.Options(8, 10, 0.3, 0.5, 100, true, MazeGenerator.Method.SEARCHFORMER);
        List<MazeRow> rows = new MazeGenerator(o, 3).generate(30, List.of());
        checkMazes(rows, 8, 10, true);
        // Walls come only from the layout: between 30 % and 50 % of the 64 cells.
        for (MazeRow r : rows) {
            long walls = r.question().chars().filter(ch -> ch == '#').count();
            assertTrue(walls >= 19 && walls <= 32, "wall count " + walls);
        }
    }

    @Test
    void nonUniqueAllowedStillGivesAShortestPathLabel() {
        var o = new MazeGenerator.Options(8, 6, 0.3, 0.5, 100, false, MazeGenerator.Method.SEARCHFORMER);
        List<MazeRow> rows = new MazeGenerator(o, 11).generate(40, List.of());
        checkMazes(rows, 8, 6, false);
        assertTrue(rows.stream().anyMatch(r -> countShortest(r.question(), 8).paths().compareTo(BigInteger.ONE) > 0),
                "without the uniqueness filter some mazes have several shortest paths");
    }

    @Test
    void deterministicForASeedWhateverTheThreadCount() {
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            List<MazeRow> one = new MazeGenerator(MazeGenerator.Options.defaults(9, 16), 42).generate(15, List.of());
            Parallel.setThreads(2);
            List<MazeRow> two = new MazeGenerator(MazeGenerator.Options.defaults(9, 16), 42).generate(15, List.of());
            assertEquals(one, two);
            List<MazeRow> other = new MazeGenerator(MazeGenerator.Options.defaults(9, 16), 43).generate(15, List.of());
            assertNotEquals(one.get(0).question(), other.get(0).question());
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void excludedQuestionsAreNotRepeated() {
        List<MazeRow> first = new MazeGenerator(MazeGenerator.Options.defaults(6, 8), 5).generate(20, List.of());
        Set<String> seen = new HashSet<>();
        first.forEach(r -> seen.add(r.question()));
        List<MazeRow> again = new MazeGenerator(MazeGenerator.Options.defaults(6, 8), 5).generate(20, seen);
        for (MazeRow r : again) assertFalse(seen.contains(r.question()));
    }

    @Test
    void impossibleFiltersFailWithAHint() {
        var e = assertThrows(IllegalArgumentException.class, () -> new MazeGenerator.Options(4, 15, 0.3, 0.5, 100, true,
                MazeGenerator.Method.GROW));
        assertTrue(e.getMessage().contains("--min-path"), e.getMessage());
    }
}
