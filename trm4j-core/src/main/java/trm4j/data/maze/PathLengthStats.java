package trm4j.data.maze;

import java.util.Arrays;

/** Distribution of shortest-path lengths (in moves) of a set of mazes: order statistics and a coarse histogram. */
public final class PathLengthStats {
    private int[] values = new int[64];
    private int n;

    public void add(int moves) {
        if (n == values.length) values = Arrays.copyOf(values, n * 2);
        values[n++] = moves;
    }

    public int count() { return n; }

    /** The shortest path of a validated row, in moves: the 'o' count + 1 (the answer marks cells between S and G). */
    public static int shortestMoves(MazeRow row) {
        String a = row.answer();
        int marks = 0;
        for (int i = 0; i < a.length(); i++) if (a.charAt(i) == MazeTokens.PATH_CHAR) marks++;
        return marks + 1;
    }

    /** "n=…, min …, p10 …, median …, mean …, p90 …, max …" (empty set: "n=0"). */
    public String summary() {
        if (n == 0) return "n=0";
        int[] s = Arrays.copyOf(values, n);
        Arrays.sort(s);
        double mean = Arrays.stream(s).average().orElse(0);
        return String.format("n=%d, min %d, p10 %d, median %d, mean %.1f, p90 %d, max %d",
                n, s[0], s[(int) (0.1 * (n - 1))], s[(n - 1) / 2], mean, s[(int) (0.9 * (n - 1))], s[n - 1]);
    }

    /** Counts per bucket of {@code width} moves, one "lo-hi: count" line each, empty buckets left out. */
    public String histogram(int width) {
        if (n == 0) return "";
        int[] s = Arrays.copyOf(values, n);
        Arrays.sort(s);
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < n) {
            int lo = s[i] / width * width, hi = lo + width - 1, c = 0;
            while (i < n && s[i] <= hi) { c++; i++; }
            sb.append(String.format("%4d-%-4d %6d%n", lo, hi, c));
        }
        return sb.toString();
    }
}
