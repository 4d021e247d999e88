package trm4j.data.maze;

import trm4j.tensor.Parallel;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Random mazes in the Maze-Hard format, after the instance procedure of Lehnert et al. 2024 ("Beyond A*", the
 * Searchformer maze tasks) that the HRM paper cites for Maze-Hard. Both methods start the same way:
 * <ol>
 *   <li>a wall layout: draw a wall count uniformly in [⌊wallMin·N⌋, ⌊wallMax·N⌋] (N = side², default 30 %..50 %)
 *       and make that many cells, chosen uniformly without replacement, walls;</li>
 *   <li>up to {@code attempts} (default 100) times: draw a start and a distinct goal uniformly among the free cells
 *       and solve with breadth-first search (4-connected, unit cost: the optimum Searchformer's A* finds).</li>
 * </ol>
 * {@link Method#SEARCHFORMER} then keeps the first pair that is solvable, whose shortest path is longer than
 * {@code minPath} moves and (unless disabled) unique, and otherwise drops the layout: pure rejection sampling. It is
 * only practical for small filters: on 30×30 fewer than 1 in 10^5 random pairs has a path longer than 110 moves.
 * <p>
 * {@link Method#GROW} keeps the first solvable pair and then adds walls until the filters hold: while the shortest
 * path has at most {@code minPath} moves, wall a uniformly chosen interior cell of the current shortest path, unless
 * that disconnects start and goal (then the cell is restored and never tried again); when no interior cell can be
 * walled the layout is dropped. If uniqueness is required, then while several shortest paths exist, wall a uniformly
 * chosen cell that lies on some shortest path but not on the current one (length unchanged, fewer shortest paths).
 * <p>
 * Both methods differ from Searchformer on purpose in three points: at most one start/goal pair per wall layout
 * (Searchformer keeps every distinct pair it found, which would put mazes with identical walls in train and test);
 * the length filter is {@code minPath} (Searchformer: the plan has at least max(W, H) cells); the uniqueness filter
 * (so that exact match, the official metric, and "valid and optimal", the paper's, are the same thing). Duplicate
 * questions are dropped. The answer marks the cells strictly between S and G on the shortest path with 'o'; the
 * CSV {@code rating} column holds the shortest path length in moves.
 * <p>
 * Determinism: layout k draws from its own stream seeded by (seed, k), and layouts are accepted in order of k, so the
 * output depends on the seed only, not on the thread count.
 */
public final class MazeGenerator {

    /** How layouts that fail the filters are handled (see the class comment). */
    public enum Method { SEARCHFORMER, GROW }

    /** Generation parameters; {@link #defaults(int, int)}: 30 %..50 % walls, 100 attempts, unique, {@link Method#GROW}. */
    public record Options(int side, int minPath, double wallMin, double wallMax, int attempts, boolean requireUnique,
                          Method method) {
        public Options {
            if (side < 2 || side > 256) throw new IllegalArgumentException("--size must be in 2..256, got " + side);
            if (minPath < 0 || minPath >= side * side - 1)
                throw new IllegalArgumentException("--min-path must be in 0.." + (side * side - 2) + " for a " + side + "×" + side
                        + " maze, got " + minPath);
            if (!(wallMin >= 0 && wallMin <= wallMax && wallMax <= 0.9))
                throw new IllegalArgumentException("wall fractions must satisfy 0 <= min <= max <= 0.9, got " + wallMin + ".." + wallMax);
            if (attempts < 1) throw new IllegalArgumentException("attempts per wall layout must be >= 1, got " + attempts);
            if (method == null) throw new IllegalArgumentException("generation method must be searchformer or grow");
        }

        public static Options defaults(int side, int minPath) {
            return new Options(side, minPath, 0.3, 0.5, 100, true, Method.GROW);
        }
    }

    /** Counters of a finished run. */
    public record Stats(long layoutsTried, long searches, double seconds) {}

    /** Give up when this many layouts in a row produced nothing: the filter is unreachable for this size. */
    static final long GIVE_UP_LAYOUTS = 200_000;
    private static final int BLOCK = 512;

    private final Options options;
    private final long seed;
    private final ThreadLocal<ShortestPaths> solvers;
    private Stats stats = new Stats(0, 0, 0);

    public MazeGenerator(Options options, long seed) {
        this.options = options;
        this.seed = seed;
        this.solvers = ThreadLocal.withInitial(() -> new ShortestPaths(options.side()));
    }

    public Options options() { return options; }

    /** Counters of the last {@link #generate} call. */
    public Stats stats() { return stats; }

    /** n mazes whose questions are all distinct and absent from {@code exclude}; rows carry no line number. */
    public List<MazeRow> generate(int n, Collection<String> exclude) {
        if (n < 0) throw new IllegalArgumentException("number of mazes must be >= 0, got " + n);
        long t0 = System.nanoTime();
        Set<String> seen = new HashSet<>(exclude);
        List<MazeRow> out = new ArrayList<>(n);
        long layout = 0, lastHit = 0, searches = 0;
        Candidate[] block = new Candidate[BLOCK];
        long[] blockSearches = new long[BLOCK];
        while (out.size() < n) {
            long base = layout;
            Parallel.forEach(BLOCK, i -> {
                long[] count = new long[1];
                block[i] = tryLayout(base + i, count);
                blockSearches[i] = count[0];
            });
            for (int i = 0; i < BLOCK && out.size() < n; i++) {
                layout = base + i + 1;
                searches += blockSearches[i];
                Candidate c = block[i];
                if (c == null || !seen.add(c.question)) continue;
                lastHit = layout;
                out.add(new MazeRow("trm4j-generate:" + options.side() + "x" + options.side() + ":seed=" + seed + ":layout=" + (base + i),
                        c.question, c.answer, Integer.toString(c.moves), 0));
            }
            if (out.size() < n && layout - lastHit >= GIVE_UP_LAYOUTS)
                throw new IllegalArgumentException("no new " + options.side() + "×" + options.side() + " maze with a "
                        + (options.requireUnique() ? "unique " : "") + "shortest path longer than " + options.minPath()
                        + " moves in the last " + (layout - lastHit) + " wall layouts (" + out.size() + " of " + n
                        + " found); lower --min-path or use a larger --size");
        }
        stats = new Stats(layout, searches, (System.nanoTime() - t0) / 1e9);
        return out;
    }

    private record Candidate(String question, String answer, int moves) {}

    /** One wall layout and its start/goal attempts; null when no attempt passes the filters. */
    private Candidate tryLayout(long k, long[] searches) {
        int side = options.side(), cells = side * side;
        SplittableRandom rng = new SplittableRandom(mix(seed, k));
        int lo = (int) Math.floor(options.wallMin() * cells), hi = (int) Math.floor(options.wallMax() * cells);
        int walls = lo + rng.nextInt(hi - lo + 1);
        // Partial Fisher-Yates: the first `walls` entries of idx become a uniform random subset.
        int[] idx = new int[cells];
        for (int i = 0; i < cells; i++) idx[i] = i;
        for (int i = 0; i < walls; i++) swap(idx, i, i + rng.nextInt(cells - i));
        boolean[] open = new boolean[cells];
        java.util.Arrays.fill(open, true);
        for (int i = 0; i < walls; i++) open[idx[i]] = false;
        int free = cells - walls;
        ShortestPaths solver = solvers.get();
        for (int a = 0; a < options.attempts(); a++) {
            int si = rng.nextInt(free), gi = rng.nextInt(free - 1);
            if (gi >= si) gi++;
            int start = idx[walls + si], goal = idx[walls + gi];
            searches[0]++;
            ShortestPaths.Result r = solver.solve(open, start, goal);
            if (!r.solvable()) continue;
            if (options.method() == Method.GROW) return grow(open, start, goal, r, rng, solver, searches);
            if (r.moves() <= options.minPath() || (options.requireUnique() && !r.unique())) continue;
            return render(open, r.path(), r.moves());
        }
        return null;
    }

    /** Adds walls to a solvable layout until the filters hold (see the class comment); null when it cannot. */
    private Candidate grow(boolean[] open, int start, int goal, ShortestPaths.Result r, SplittableRandom rng,
                           ShortestPaths solver, long[] searches) {
        int cells = open.length;
        boolean[] essential = new boolean[cells];   // walling it would disconnect start and goal (stays true as walls grow)
        int[] candidates = new int[cells];
        while (r.moves() <= options.minPath()) {
            int[] path = r.path();
            int n = 0;
            for (int i = 1; i < path.length - 1; i++) if (!essential[path[i]]) candidates[n++] = path[i];
            if (n == 0) return null;
            int c = candidates[rng.nextInt(n)];
            open[c] = false;
            searches[0]++;
            ShortestPaths.Result next = solver.solve(open, start, goal);
            if (next.solvable()) {
                r = next;
            } else {
                open[c] = true;
                essential[c] = true;
            }
        }
        if (options.requireUnique()) {
            int[] fromStart = new int[cells], fromGoal = new int[cells];
            boolean[] onPath = new boolean[cells];
            while (!r.unique()) {
                solver.distances(open, start, fromStart);
                solver.distances(open, goal, fromGoal);
                java.util.Arrays.fill(onPath, false);
                for (int p : r.path()) onPath[p] = true;
                int n = 0, d = r.moves();
                for (int c = 0; c < cells; c++)
                    if (open[c] && !onPath[c] && fromStart[c] >= 0 && fromGoal[c] >= 0 && fromStart[c] + fromGoal[c] == d)
                        candidates[n++] = c;
                if (n == 0) throw new IllegalStateException("several shortest paths but no cell off the traced one");
                open[candidates[rng.nextInt(n)]] = false;
                searches[0]++;
                r = solver.solve(open, start, goal);
            }
        }
        return render(open, r.path(), r.moves());
    }

    private Candidate render(boolean[] open, int[] path, int moves) {
        int cells = open.length;
        char[] q = new char[cells];
        for (int i = 0; i < cells; i++) q[i] = open[i] ? MazeTokens.OPEN_CHAR : MazeTokens.WALL_CHAR;
        q[path[0]] = MazeTokens.START_CHAR;
        q[path[path.length - 1]] = MazeTokens.GOAL_CHAR;
        char[] a = q.clone();
        for (int i = 1; i < path.length - 1; i++) a[path[i]] = MazeTokens.PATH_CHAR;
        return new Candidate(new String(q), new String(a), moves);
    }

    private static void swap(int[] a, int i, int j) { int t = a[i]; a[i] = a[j]; a[j] = t; }

    /** SplitMix64 finaliser of (seed, k): independent, well-spread streams per layout. */
    static long mix(long seed, long k) {
        long z = seed + 0x9E3779B97F4A7C15L * (k + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
