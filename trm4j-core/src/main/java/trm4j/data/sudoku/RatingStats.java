package trm4j.data.sudoku;

import java.util.Locale;
import java.util.TreeMap;

/** Rating distribution of a set of puzzles, bucketed by powers of two: 0, 1, 2-3, 4-7, 8-15, … */
public final class RatingStats {
    private final TreeMap<Integer, Long> buckets = new TreeMap<>();
    private long count, sum;
    private int min = Integer.MAX_VALUE, max = Integer.MIN_VALUE;

    public void add(int rating) {
        int lo = rating <= 0 ? 0 : Integer.highestOneBit(rating);
        buckets.merge(lo, 1L, Long::sum);
        count++;
        sum += rating;
        min = Math.min(min, rating);
        max = Math.max(max, rating);
    }

    public long count() { return count; }

    public double mean() { return count == 0 ? 0 : (double) sum / count; }

    /** One line per bucket: "  2-3: 17 (8.5%)", after a summary line. */
    public String render() {
        if (count == 0) return "rating: no puzzles";
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "rating: min %d, mean %.2f, max %d%n", min, mean(), max));
        buckets.forEach((lo, n) -> {
            String range = lo <= 1 ? Integer.toString(lo) : lo + "-" + (2 * lo - 1);
            sb.append(String.format(Locale.ROOT, "  %9s: %d (%.1f%%)%n", range, n, 100.0 * n / count));
        });
        return sb.toString().stripTrailing();
    }
}
