package trm4j.data.sudoku;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Reads one Sudoku-Extreme CSV split the way the official builder does: keep rows whose rating is at least
 * {@code minDifficulty} (when given), then, when {@code subsample} is smaller than the number kept, draw that
 * many rows without replacement in random order (seeded here; the official draw is unseeded). A subsample
 * costs two passes over the file so that only the chosen rows are held in memory.
 */
public final class SudokuCsvLoader {
    /** The pairs read, their shape, and how many malformed rows were skipped. */
    public record Loaded(SudokuShape shape, List<SudokuSplit.Pair> pairs, long skipped) {}

    private SudokuCsvLoader() {}

    public static Loaded load(Path csv, SudokuShape shape, Integer minDifficulty, Integer subsample,
                              boolean skipBadRows, RandomGenerator rng, Consumer<String> warn) throws IOException {
        if (subsample != null && subsample < 1)
            throw new IllegalArgumentException("--subsample-size must be at least 1, got " + subsample);
        if (subsample == null) {
            PackedPairs[] pairs = {null};
            SudokuCsv.Stats st = SudokuCsv.read(csv, shape, skipBadRows, warn, row -> {
                if (pairs[0] == null) pairs[0] = new PackedPairs(row.question().length);
                if (keep(row, minDifficulty)) pairs[0].add(row.question(), row.answer());
            });
            return new Loaded(st.shape(), pairs[0] == null ? List.of() : pairs[0], st.skipped());
        }
        long[] kept = {0};
        SudokuCsv.Stats st = SudokuCsv.read(csv, shape, skipBadRows, warn, row -> {
            if (keep(row, minDifficulty)) kept[0]++;
        });
        if (kept[0] > Integer.MAX_VALUE - 16) throw new IllegalArgumentException(csv + ": too many rows to subsample");
        int total = (int) kept[0];
        int k = Math.min(subsample, total);
        // slot[i] = position of kept row i in the output, or -1; positions follow the random draw order.
        int[] slot = new int[total];
        Arrays.fill(slot, -1);
        if (subsample < total) {
            int[] perm = new int[total];
            for (int i = 0; i < total; i++) perm[i] = i;
            for (int i = 0; i < k; i++) {   // partial Fisher–Yates: perm[0..k) is a uniform ordered sample
                int j = i + rng.nextInt(total - i);
                int t = perm[i]; perm[i] = perm[j]; perm[j] = t;
                slot[perm[i]] = i;
            }
        } else {
            for (int i = 0; i < total; i++) slot[i] = i;
        }
        SudokuSplit.Pair[] chosen = new SudokuSplit.Pair[k];
        int[] index = {0};
        SudokuCsv.read(csv, st.shape(), true, msg -> { }, row -> {
            if (!keep(row, minDifficulty)) return;
            int s = slot[index[0]++];
            if (s >= 0) chosen[s] = new SudokuSplit.Pair(row.question(), row.answer());
        });
        return new Loaded(st.shape(), Arrays.asList(chosen), st.skipped());
    }

    private static boolean keep(SudokuCsv.Row row, Integer minDifficulty) {
        return minDifficulty == null || row.rating() >= minDifficulty;
    }
}
