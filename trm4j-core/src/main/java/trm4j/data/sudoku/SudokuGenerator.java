package trm4j.data.sudoku;

import java.util.SplittableRandom;

/**
 * Generates minimal, uniquely solvable puzzles: a random solved grid (the solver's search on the empty grid
 * with digits tried in random order), then every cell in random order loses its clue unless that makes the
 * solution non-unique. One pass suffices for minimality: a clue that was needed when tried stays needed once
 * more clues are gone. Seeded and deterministic (one {@link SplittableRandom}, one thread).
 */
public final class SudokuGenerator {
    /** A generated puzzle with its unique solution and its rating (see {@link SudokuSolver}). */
    public record Puzzle(byte[] question, byte[] answer, int rating) {}

    private final SudokuShape shape;
    private final SudokuSolver solver;
    private final SplittableRandom rng;
    private long attempts;

    public SudokuGenerator(SudokuShape shape, long seed) {
        this.shape = shape;
        this.solver = new SudokuSolver(shape);
        this.rng = new SplittableRandom(seed);
    }

    public SudokuShape shape() { return shape; }

    /** Candidate puzzles made so far (kept or not). */
    public long attempts() { return attempts; }

    /** The next minimal puzzle, whatever its rating. */
    public Puzzle next() {
        attempts++;
        byte[] answer = solver.randomCompletion(new byte[shape.cells], rng);
        byte[] puzzle = answer.clone();
        for (int cell : SudokuTransform.permutation(shape.cells, rng)) {
            byte v = puzzle[cell];
            puzzle[cell] = 0;
            if (solver.solve(puzzle, 2).solutions() != 1) puzzle[cell] = v;
        }
        return new Puzzle(puzzle, answer, solver.rate(puzzle));
    }

    /** The next minimal puzzle whose rating is at least {@code minRating}. */
    public Puzzle next(int minRating) {
        return next(minRating, Long.MAX_VALUE);
    }

    /** The highest rating among the candidates drawn so far (-1 before the first). */
    public int bestRating() { return bestRating; }

    private int bestRating = -1;

    /**
     * As {@link #next(int)}, giving up after {@code maxCandidates} candidates: IllegalArgumentException saying the
     * highest rating reached (a rating no puzzle of this size reaches would otherwise loop forever).
     */
    public Puzzle next(int minRating, long maxCandidates) {
        for (long i = 0; i < maxCandidates; i++) {
            Puzzle p = next();
            bestRating = Math.max(bestRating, p.rating());
            if (p.rating() >= minRating) return p;
        }
        throw new IllegalArgumentException("no " + shape.n + "x" + shape.n + " puzzle rated at least " + minRating + " in "
                + maxCandidates + " candidates (the highest rating reached was " + bestRating
                + "); lower --min-rating, or allow more with --max-candidates");
    }
}
