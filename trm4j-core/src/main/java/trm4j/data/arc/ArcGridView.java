package trm4j.data.arc;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders ARC grids for a terminal: each cell as two spaces on an ANSI 256-colour background in the
 * usual ARC palette, or, for plain output (no colour support, logs, {@code NO_COLOR}), as its digit with
 * '.' for black. Several grids can be laid side by side (input → prediction → expected).
 */
public final class ArcGridView {
    /** ARC palette (0 black, 1 blue, 2 red, 3 green, 4 yellow, 5 grey, 6 magenta, 7 orange, 8 light blue, 9 maroon). */
    private static final int[] ANSI256 = {16, 27, 196, 46, 226, 245, 201, 208, 45, 88};
    private static final String RESET = "\u001b[0m";

    private final boolean colour;

    public ArcGridView(boolean colour) { this.colour = colour; }

    /** Colour when stdout is a terminal and {@code NO_COLOR} is unset. */
    public static ArcGridView forConsole() {
        return new ArcGridView(System.console() != null && System.getenv("NO_COLOR") == null);
    }

    public boolean colour() { return colour; }

    /** Display width of one rendered row of {@code g} (2 columns per cell). */
    public int width(ArcGrid g) { return 2 * g.cols(); }

    /** One string per row, without a line terminator. */
    public List<String> lines(ArcGrid g) {
        List<String> out = new ArrayList<>(g.rows());
        for (int r = 0; r < g.rows(); r++) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < g.cols(); c++) {
                int v = g.get(r, c);
                if (colour) sb.append("\u001b[48;5;").append(ANSI256[v]).append('m').append("  ");
                else sb.append(v == 0 ? '.' : (char) ('0' + v)).append(' ');
            }
            if (colour) sb.append(RESET);
            out.add(sb.toString());
        }
        return out;
    }

    public String render(ArcGrid g) { return String.join("\n", lines(g)) + "\n"; }

    /**
     * Grids side by side under their titles, separated by {@code gap} spaces; shorter grids are padded
     * with blank rows. Titles longer than a grid widen its column.
     */
    public String sideBySide(List<String> titles, List<ArcGrid> grids, int gap) {
        if (titles.size() != grids.size()) throw new IllegalArgumentException(titles.size() + " titles for " + grids.size() + " grids");
        int rows = 0;
        int[] widths = new int[grids.size()];
        List<List<String>> rendered = new ArrayList<>();
        for (int i = 0; i < grids.size(); i++) {
            rows = Math.max(rows, grids.get(i).rows());
            widths[i] = Math.max(width(grids.get(i)), titles.get(i).length());
            rendered.add(lines(grids.get(i)));
        }
        StringBuilder sb = new StringBuilder();
        String sep = " ".repeat(gap);
        for (int i = 0; i < grids.size(); i++) {
            if (i > 0) sb.append(sep);
            sb.append(pad(titles.get(i), titles.get(i).length(), widths[i]));
        }
        sb.append('\n');
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < grids.size(); i++) {
                if (i > 0) sb.append(sep);
                ArcGrid g = grids.get(i);
                String line = r < g.rows() ? rendered.get(i).get(r) : "";
                sb.append(pad(line, r < g.rows() ? width(g) : 0, widths[i]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String pad(String s, int visible, int width) { return s + " ".repeat(Math.max(0, width - visible)); }
}
