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

    @Override public int[] parse(String text, String where) { return MazeTokens.parse(text, side, where); }

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
