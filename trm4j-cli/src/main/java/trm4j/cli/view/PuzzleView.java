package trm4j.cli.view;

import trm4j.data.TaskFamily;
import trm4j.data.sudoku.SudokuShape;
import trm4j.model.TrmConfig;

import java.util.List;

/**
 * How one kind of puzzle is read from text, drawn for a terminal and judged. Tokens are the data set's; the text
 * codecs are the families' own ({@code SudokuShape.parseTokens}, {@code MazeTokens.parse}).
 */
public interface PuzzleView {
    /** The view of a non-ARC family for this model (ARC tasks are drawn by {@link ArcView}). */
    static PuzzleView of(TaskFamily family, TrmConfig c, Ansi ansi) {
        return switch (family) {
            case SUDOKU -> new SudokuView(SudokuShape.ofCellCount(c.seq_len()), ansi);
            case MAZE -> new MazeView((int) Math.round(Math.sqrt(c.seq_len())), ansi);
            case TOKENS -> new TokenView(c.seq_len(), c.vocab_size(), ansi);
            case ARC -> throw new IllegalStateException("ARC tasks are drawn by ArcView");
        };
    }

    /** A short name such as "sudoku 9x9". */
    String name();

    /** The tokens [seq_len] of a puzzle written as text; IllegalArgumentException with one line naming {@code where}. */
    int[] parse(String text, String where);

    /** The text form of a token grid (what {@link #parse} reads; for JSON output). */
    String format(int[] tokens);

    /**
     * The grid as lines. {@code input}: the puzzle (givens are drawn as such); {@code previous}: the answer of the
     * step before, or null; cells that differ from it are marked.
     */
    List<String> render(int[] input, int[] tokens, int[] previous);

    /** Whether {@code prediction} solves {@code input}, with a few words; {@code correct} is null when it cannot be judged. */
    Verdict judge(int[] input, int[] prediction);

    record Verdict(Boolean correct, String text) {}

    /** Positions where two token grids differ. */
    static int changed(int[] a, int[] b) {
        if (a == null) return b.length;
        int n = 0;
        for (int i = 0; i < b.length; i++) if (a[i] != b[i]) n++;
        return n;
    }
}
