package trm4j.cli.view;

import trm4j.data.sudoku.SudokuShape;

import java.util.List;

/**
 * Sudoku in the data set's token scheme (PAD 0, blank 1, digit d = d + 1). Text: one line of N·N characters,
 * '.' or '0' blank, '1'..'N' digits, whitespace ignored. Drawn with box rules; givens bold, changed cells
 * marked '*' (and highlighted in colour).
 */
public final class SudokuView implements PuzzleView {
    private final SudokuShape shape;
    private final Ansi ansi;

    public SudokuView(SudokuShape shape, Ansi ansi) {
        this.shape = shape;
        this.ansi = ansi;
    }

    @Override public String name() { return "sudoku " + shape.n + "x" + shape.n; }

    @Override public int[] parse(String text, String where) { return shape.parseTokens(text, where); }

    @Override public String format(int[] tokens) { return shape.formatTokens(tokens); }

    @Override
    public List<String> render(int[] input, int[] tokens, int[] previous) {
        int n = shape.n;
        return shape.draw(" ", i -> {
            int t = tokens[i];
            String digit = t == 1 ? "." : t >= 2 && t <= n + 1 ? String.valueOf((char) ('0' + t - 1)) : "?";
            boolean given = input != null && input[i] >= 2, changed = previous != null && previous[i] != t;
            return changed ? ansi.changed(digit) + "*" : (given ? ansi.bold(digit) : digit) + " ";
        }, "| ", " " + shape.rule("+") + "-");
    }

    @Override
    public Verdict judge(int[] input, int[] prediction) {
        byte[] puzzle = new byte[shape.cells], answer = new byte[shape.cells];
        for (int i = 0; i < shape.cells; i++) {
            puzzle[i] = (byte) Math.max(0, input[i] - 1);
            int t = prediction[i];
            answer[i] = (byte) (t >= 2 && t <= shape.n + 1 ? t - 1 : 0);
        }
        if (!shape.isValidSolution(answer)) return new Verdict(false, "not a valid solution");
        if (!SudokuShape.agrees(puzzle, answer)) return new Verdict(false, "a valid grid, but it changes a given");
        return new Verdict(true, "valid solution consistent with the givens");
    }
}
