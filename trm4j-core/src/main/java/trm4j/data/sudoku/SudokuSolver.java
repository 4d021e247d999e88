package trm4j.data.sudoku;

import java.util.random.RandomGenerator;

/**
 * Exact Sudoku solver for 4×4, 6×6 and 9×9 grids: bit-mask constraint propagation with depth-first search.
 *
 * <p>Each cell holds a bit mask of its candidate digits (bit d−1 for digit d). Propagation repeats two rules
 * to a fixed point: a cell with one candidate is placed and that digit is removed from its peers (naked
 * single, applied at once); then the units are scanned in order (rows, columns, boxes) and a digit that fits
 * only one cell of a unit is placed there (hidden single), with its naked-single consequences, before the
 * next unit. A cell without candidates or a unit missing a digit is a contradiction. (Locked candidates were
 * tried: they barely reduce the tree on random minimal puzzles and cost more per node.)
 *
 * <p><b>Search order (fixed, so the rating is reproducible):</b> branch on the unplaced cell with the fewest
 * candidates, the first such cell in row-major order on ties; try its digits in ascending order.
 *
 * <p><b>Rating</b> = the number of backtracks before the first solution is found, i.e. the number of
 * contradictions the search meets and has to back out of. 0 means that propagation alone (plus lucky
 * first guesses) solves the puzzle. This is the meaning of Sudoku-Extreme's {@code rating} column (the
 * backtrack count of the tdoku solver); tdoku propagates with more rules, so the two counts agree in
 * spirit and in order of magnitude, not number for number.
 *
 * <p>Not thread-safe: one instance per thread (it reuses one candidate array per search depth).
 */
public final class SudokuSolver {
    /** Outcome of a search: the first solution found (null if none), the number of solutions found
     *  (at most the limit asked for) and the rating (backtracks before the first solution). */
    public record Result(byte[] solution, int solutions, int backtracks) {
        public boolean unique() { return solutions == 1; }
    }

    private final SudokuShape shape;
    private final int all, placed;
    private final int[][] levels;
    private final int[] stack;
    private RandomGenerator rng;
    private int limit, count, backtracks, ratingAtFirst;
    private byte[] first;

    public SudokuSolver(SudokuShape shape) {
        this.shape = shape;
        this.all = (1 << shape.n) - 1;
        this.placed = 1 << shape.n;          // flag bit above the digit bits: "already propagated"
        this.levels = new int[shape.cells + 2][shape.cells];
        this.stack = new int[shape.cells];
    }

    public SudokuShape shape() { return shape; }

    /** Solves {@code puzzle} (0 = blank) and counts its solutions up to {@code limit} (2 decides uniqueness). */
    public Result solve(byte[] puzzle, int limit) {
        return run(puzzle, limit, null);
    }

    /** The rating (backtracks before the first solution), or -1 when the puzzle has no solution. */
    public int rate(byte[] puzzle) {
        Result r = solve(puzzle, 1);
        return r.solution == null ? -1 : r.backtracks;
    }

    /** A uniformly shuffled-digit-order search on {@code puzzle}: a random completion (e.g. of an empty grid). */
    public byte[] randomCompletion(byte[] puzzle, RandomGenerator rng) {
        return run(puzzle, 1, rng).solution;
    }

    private Result run(byte[] puzzle, int limit, RandomGenerator rng) {
        if (puzzle.length != shape.cells)
            throw new IllegalArgumentException("puzzle has " + puzzle.length + " cells, expected " + shape.cells);
        if (limit < 1) throw new IllegalArgumentException("solution limit must be at least 1, got " + limit);
        this.limit = limit;
        this.rng = rng;
        count = 0;
        backtracks = 0;
        ratingAtFirst = 0;
        first = null;
        int[] c = levels[0];
        java.util.Arrays.fill(c, all);
        boolean ok = true;
        for (int i = 0; i < shape.cells && ok; i++) {
            int v = puzzle[i];
            if (v < 0 || v > shape.n) throw new IllegalArgumentException("cell " + i + " holds " + v + ", expected 0.." + shape.n);
            if (v != 0) {
                if ((c[i] & (1 << (v - 1))) == 0) ok = false;   // the digit is not allowed here
                else c[i] = 1 << (v - 1);
            }
        }
        if (ok) search(0);
        return new Result(first, count, first == null ? backtracks : ratingAtFirst);
    }

    private void search(int depth) {
        int[] c = levels[depth];
        if (!propagate(c)) {
            backtracks++;
            return;
        }
        int best = -1, bestCount = Integer.MAX_VALUE;
        for (int i = 0; i < shape.cells; i++) {
            int m = c[i];
            if ((m & placed) != 0) continue;
            int k = Integer.bitCount(m);
            if (k < bestCount) {
                best = i;
                bestCount = k;
                if (k == 2) break;
            }
        }
        if (best < 0) {
            if (++count == 1) {
                first = new byte[shape.cells];
                for (int i = 0; i < shape.cells; i++) first[i] = (byte) (Integer.numberOfTrailingZeros(c[i] & all) + 1);
                ratingAtFirst = backtracks;
            }
            return;
        }
        int[] next = levels[depth + 1];
        int m = c[best];
        if (rng == null) {
            while (m != 0 && count < limit) {
                int bit = m & -m;
                m &= m - 1;
                System.arraycopy(c, 0, next, 0, shape.cells);
                next[best] = bit;
                search(depth + 1);
            }
        } else {
            int[] digits = new int[bestCount];
            for (int k = 0; m != 0; k++) { digits[k] = m & -m; m &= m - 1; }
            for (int k = digits.length - 1; k > 0; k--) {
                int j = rng.nextInt(k + 1);
                int t = digits[k]; digits[k] = digits[j]; digits[j] = t;
            }
            for (int k = 0; k < digits.length && count < limit; k++) {
                System.arraycopy(c, 0, next, 0, shape.cells);
                next[best] = digits[k];
                search(depth + 1);
            }
        }
    }

    /** The propagation rules to a fixed point; false on a contradiction. Placed cells get the flag bit. */
    private boolean propagate(int[] c) {
        int sp = 0;
        for (int i = 0; i < shape.cells; i++) {
            int m = c[i];
            if ((m & placed) == 0 && (m & (m - 1)) == 0) stack[sp++] = i;
        }
        if (!drain(c, sp)) return false;
        while (true) {
            boolean found = false;
            for (int[] unit : shape.units) {
                int once = 0, twice = 0;
                for (int cell : unit) {
                    int m = c[cell] & all;
                    twice |= once & m;
                    once |= m;
                }
                if (once != all) return false;
                int exactly = once & ~twice;
                if (exactly == 0) continue;
                sp = 0;
                for (int cell : unit) {
                    int cm = c[cell];
                    if ((cm & placed) != 0) continue;
                    int m = cm & exactly;
                    if (m == 0) continue;
                    if ((m & (m - 1)) != 0) return false;   // two digits that must both go in this one cell
                    c[cell] = m;
                    stack[sp++] = cell;
                }
                // Place the hidden singles at once, so that the units after this one see their eliminations.
                if (sp > 0) {
                    if (!drain(c, sp)) return false;
                    found = true;
                }
            }
            if (!found) return true;
        }
    }

    /** Places the queued naked singles and everything they force; false on a contradiction. */
    private boolean drain(int[] c, int sp) {
        while (sp > 0) {
            int cell = stack[--sp];
            int m = c[cell];
            if ((m & placed) != 0) continue;
            c[cell] = m | placed;
            for (int p : shape.peers[cell]) {
                int pc = c[p];
                if ((pc & m) == 0) continue;
                pc &= ~m;
                c[p] = pc;
                if ((pc & all) == 0) return false;
                if ((pc & placed) == 0 && (pc & (pc - 1)) == 0) stack[sp++] = p;
            }
        }
        return true;
    }
}
