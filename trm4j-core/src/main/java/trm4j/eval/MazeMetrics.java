package trm4j.eval;

import trm4j.data.maze.MazeTokens;
import trm4j.data.maze.ShortestPaths;

/**
 * Maze-Hard metrics over predicted token grids (tokens of {@code "# SGo"} = 1..5, row-major side×side):
 * <ul>
 *   <li><b>valid optimal</b> (the paper's criterion): the givens are unchanged (walls, S, G stay where the input has
 *       them; every open input cell is predicted open or {@code o}), and the {@code o} cells with S and G contain a
 *       4-connected start-to-goal path whose length is the shortest possible in the input maze, with no extra
 *       {@code o} cell. Since every S–G path needs at least (shortest − 1) intermediate cells, this holds exactly when
 *       the {@code o} count is (shortest − 1) and S reaches G through marked cells in (shortest) moves;</li>
 *   <li><b>exact</b> (the official {@code exact_accuracy}): the prediction equals the label on every cell.</li>
 * </ul>
 * Accumulates over batches; not thread-safe.
 */
public final class MazeMetrics {
    private long count, validOptimal, exact;
    private ShortestPaths solver;

    /**
     * Adds a batch. predictions, inputs, labels: [batch, seqLen] row-major token grids, seqLen = side².
     */
    public void add(int[] predictions, int[] inputs, int[] labels, int batch, int seqLen) {
        int side = sideOf(seqLen);
        if (predictions.length < (long) batch * seqLen || inputs.length < (long) batch * seqLen || labels.length < (long) batch * seqLen)
            throw new IllegalArgumentException("maze metrics: arrays shorter than batch " + batch + " × seqLen " + seqLen);
        for (int b = 0; b < batch; b++) {
            int off = b * seqLen;
            count++;
            if (isValidOptimal(predictions, inputs, off, side)) validOptimal++;
            if (java.util.Arrays.equals(predictions, off, off + seqLen, labels, off, off + seqLen)) exact++;
        }
    }

    public long count() { return count; }

    /** Share of predictions that are a valid start-to-goal path of optimal length (0 when nothing was added). */
    public double validOptimalRate() { return count == 0 ? 0 : (double) validOptimal / count; }

    /** Share of predictions equal to their label on all cells (0 when nothing was added). */
    public double exactRate() { return count == 0 ? 0 : (double) exact / count; }

    /** The valid-optimal check for one maze at {@code offset} in prediction and input (both side×side). */
    public boolean isValidOptimal(int[] prediction, int[] input, int offset, int side) {
        int n = side * side;
        if (solver == null || solver.side() != side) solver = new ShortestPaths(side);
        boolean[] open = new boolean[n];     // walkable in the input maze
        boolean[] marked = new boolean[n];   // S, G and predicted path cells
        int start = -1, goal = -1, pathCells = 0;
        for (int i = 0; i < n; i++) {
            int in = input[offset + i], out = prediction[offset + i];
            switch (in) {
                case MazeTokens.WALL -> { if (out != MazeTokens.WALL) return false; }
                case MazeTokens.START -> { if (out != MazeTokens.START) return false; start = i; open[i] = marked[i] = true; }
                case MazeTokens.GOAL -> { if (out != MazeTokens.GOAL) return false; goal = i; open[i] = marked[i] = true; }
                case MazeTokens.OPEN -> {
                    open[i] = true;
                    if (out == MazeTokens.PATH) { marked[i] = true; pathCells++; }
                    else if (out != MazeTokens.OPEN) return false;
                }
                default -> { return false; }   // not a maze input (PAD or 'o' in the question): nothing to judge
            }
        }
        if (start < 0 || goal < 0) return false;
        int shortest = solver.solve(open, start, goal).moves();
        if (shortest < 0 || pathCells != shortest - 1) return false;
        return solver.solve(marked, start, goal).moves() == shortest;
    }

    private static int sideOf(int seqLen) {
        int side = (int) Math.round(Math.sqrt(seqLen));
        if (side * side != seqLen || side < 2)
            throw new IllegalArgumentException("maze metrics: seqLen " + seqLen + " is not the square of a grid side >= 2");
        return side;
    }
}
