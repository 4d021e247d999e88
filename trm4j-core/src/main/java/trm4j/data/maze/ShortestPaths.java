package trm4j.data.maze;

import java.util.Arrays;

/**
 * Breadth-first search on a square grid, 4-connected, moving through open cells only. Finds the shortest path length
 * (in moves), whether the shortest path is unique, and one shortest path. Buffers are reused between calls (the
 * generator solves many candidates per maze), so an instance is not thread-safe: use one per thread.
 */
public final class ShortestPaths {
    /** Result of one search: {@code moves} = −1 when the goal is unreachable; path = cells from start to goal. */
    public record Result(int moves, boolean unique, int[] path) {
        public boolean solvable() { return moves >= 0; }
    }

    private final int side;
    private final int[] dist;    // dist: [side*side], −1 = not reached
    private final byte[] count;  // number of shortest paths from the start, saturated at 2
    private final int[] queue;

    public ShortestPaths(int side) {
        if (side < 2) throw new IllegalArgumentException("maze side must be at least 2, got " + side);
        this.side = side;
        int n = side * side;
        dist = new int[n];
        count = new byte[n];
        queue = new int[n];
    }

    public int side() { return side; }

    /**
     * Searches from start to goal through cells with {@code open[c]} true (start and goal must be open). Stops as soon
     * as the goal is dequeued: by then every cell one move closer has been dequeued, so the goal's count is final.
     */
    public Result solve(boolean[] open, int start, int goal) {
        int n = side * side;
        if (open.length != n) throw new IllegalArgumentException("open mask has " + open.length + " cells, expected " + n);
        Arrays.fill(dist, -1);
        Arrays.fill(count, (byte) 0);
        int head = 0, tail = 0;
        dist[start] = 0;
        count[start] = 1;
        queue[tail++] = start;
        while (head < tail) {
            int c = queue[head++];
            if (c == goal) break;
            int r = c / side, col = c % side, d = dist[c] + 1;
            for (int k = 0; k < 4; k++) {
                int nb = neighbour(r, col, k);
                if (nb < 0 || !open[nb]) continue;
                if (dist[nb] < 0) {
                    dist[nb] = d;
                    count[nb] = count[c];
                    queue[tail++] = nb;
                } else if (dist[nb] == d) {
                    count[nb] = (byte) Math.min(2, count[nb] + count[c]);
                }
            }
        }
        if (dist[goal] < 0) return new Result(-1, false, new int[0]);
        return new Result(dist[goal], count[goal] == 1, tracePath(open, goal));
    }

    /** Full breadth-first distances from source into out (−1 = unreachable): out: [side*side]. */
    public void distances(boolean[] open, int source, int[] out) {
        java.util.Arrays.fill(out, -1);
        int head = 0, tail = 0;
        out[source] = 0;
        queue[tail++] = source;
        while (head < tail) {
            int c = queue[head++];
            int r = c / side, col = c % side;
            for (int k = 0; k < 4; k++) {
                int nb = neighbour(r, col, k);
                if (nb >= 0 && open[nb] && out[nb] < 0) {
                    out[nb] = out[c] + 1;
                    queue[tail++] = nb;
                }
            }
        }
    }

    /** Distance from the last search's start to cell c (−1 when unreached or beyond the goal's level). */
    public int distance(int c) { return dist[c]; }

    // Walks back from the goal through cells one move closer; neighbours are tried in a fixed order (up, down,
    // left, right), so for a non-unique shortest path the choice is deterministic.
    private int[] tracePath(boolean[] open, int goal) {
        int[] path = new int[dist[goal] + 1];
        int c = goal;
        for (int k = dist[goal]; k > 0; k--) {
            path[k] = c;
            int r = c / side, col = c % side, prev = -1;
            for (int m = 0; m < 4 && prev < 0; m++) {
                int nb = neighbour(r, col, m);
                if (nb >= 0 && open[nb] && dist[nb] == k - 1) prev = nb;
            }
            c = prev;
        }
        path[0] = c;
        return path;
    }

    /** Neighbour k (0 up, 1 down, 2 left, 3 right) of (r, col), or −1 outside the grid. */
    int neighbour(int r, int col, int k) {
        return switch (k) {
            case 0 -> r > 0 ? (r - 1) * side + col : -1;
            case 1 -> r < side - 1 ? (r + 1) * side + col : -1;
            case 2 -> col > 0 ? r * side + col - 1 : -1;
            default -> col < side - 1 ? r * side + col + 1 : -1;
        };
    }
}
