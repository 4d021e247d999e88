package trm4j.train;

import trm4j.data.PuzzleDatasetWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Small tasks built inside the tests, written in the official on-disk layout. */
final class TinyTasks {
    private TinyTasks() {}

    /**
     * Sequence reversal: input = {@code len} random digits (tokens 2..vocab−1), label = the same digits reversed.
     * Train and test sequences are disjoint. One puzzle identifier (0), one example per puzzle and group.
     */
    static void reversal(Path out, int len, int vocab, int nTrain, int nTest, long seed) throws IOException {
        Random rng = new Random(seed);
        Set<String> seen = new HashSet<>();
        try (PuzzleDatasetWriter w = new PuzzleDatasetWriter(out, len, vocab)) {
            for (String split : List.of("train", "test")) {
                PuzzleDatasetWriter.Split s = w.split(split);
                int n = split.equals("train") ? nTrain : nTest;
                for (int i = 0; i < n; ) {
                    int[] in = new int[len], lab = new int[len];
                    for (int t = 0; t < len; t++) in[t] = 2 + rng.nextInt(vocab - 2);
                    if (!seen.add(java.util.Arrays.toString(in))) continue;
                    for (int t = 0; t < len; t++) lab[t] = in[len - 1 - t];
                    s.addExample(in, lab);
                    s.endPuzzle(0);
                    s.endGroup();
                    i++;
                }
                s.adjustMetadata(m -> m.withTotalPuzzles(m.totalGroups()).withMeanPuzzleExamples(1));
            }
            w.finish(List.of("<blank>"));
        }
    }
}
