package trm4j.cli.view;

import trm4j.data.maze.MazeTokens;
import trm4j.eval.MazeMetrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Maze in the official characters ({@code "# SGo"}: wall, open, start, goal, path), row-major side×side.
 * Text: one line of side² characters (spaces are cells, so only the line end is trimmed). Each cell is drawn
 * two columns wide; changed cells are marked '*'.
 */
public final class MazeView implements PuzzleView {
    private final int side;
    private final Ansi ansi;
    private final MazeMetrics metrics = new MazeMetrics();

    public MazeView(int side, Ansi ansi) {
        this.side = side;
        this.ansi = ansi;
    }

    @Override public String name() { return "maze " + side + "x" + side; }

    @Override
    public int[] parse(String text, String where) {
        String s = text.replaceAll("[\r\n]+$", "");
        for (int i = 0; i < s.length(); i++)
            if (MazeTokens.token(s.charAt(i)) < 0)
                throw new IllegalArgumentException(where + ": character " + (i + 1) + " " + PuzzleView.describe(s.charAt(i)) + " is not one of '#' wall, ' ' open, "
                        + "'S' start, 'G' goal, 'o' path");
        if (s.length() != side * side)
            throw new IllegalArgumentException(where + ": " + s.length() + " cells; a " + side + "x" + side + " maze needs " + side * side
                    + " (one line, row by row; quote it so the spaces stay)");
        long starts = s.chars().filter(ch -> ch == MazeTokens.START_CHAR).count(), goals = s.chars().filter(ch -> ch == MazeTokens.GOAL_CHAR).count();
        if (starts != 1 || goals != 1)
            throw new IllegalArgumentException(where + ": " + starts + " start 'S' and " + goals + " goal 'G' cells; a maze needs exactly one of each");
        int[] t = new int[s.length()];
        for (int i = 0; i < t.length; i++) t[i] = MazeTokens.token(s.charAt(i));
        return t;
    }

    @Override public String format(int[] tokens) { return MazeTokens.decode(tokens, 0, tokens.length); }

    @Override
    public List<String> render(int[] input, int[] tokens, int[] previous) {
        List<String> out = new ArrayList<>();
        for (int r = 0; r < side; r++) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < side; c++) {
                int i = r * side + c, t = tokens[i];
                boolean changed = previous != null && previous[i] != t;
                String cell = switch (t) {
                    case MazeTokens.WALL -> ansi.on() ? ansi.bg(240, "  ") : "##";
                    case MazeTokens.OPEN -> ansi.on() ? "  " : ". ";   // plain text: a dot keeps the grid's shape visible
                    case MazeTokens.START -> ansi.bold(ansi.fg(33, "S")) + " ";
                    case MazeTokens.GOAL -> ansi.bold(ansi.fg(196, "G")) + " ";
                    case MazeTokens.PATH -> ansi.fg(46, "o") + " ";
                    default -> "? ";
                };
                if (changed) cell = ansi.changed(String.valueOf(MazeTokens.character(t))) + "*";
                sb.append(cell);
            }
            out.add(sb.toString().stripTrailing());
        }
        return out;
    }

    @Override
    public Verdict judge(int[] input, int[] prediction) {
        boolean ok = metrics.isValidOptimal(prediction, input, 0, side);
        return new Verdict(ok, ok ? "valid optimal path" : "not a valid optimal path");
    }
}
