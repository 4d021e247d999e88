package trm4j.train;

import trm4j.data.PuzzleDatasetWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Small tasks built inside the tests, written in the official on-disk layout. */
public final class TinyTasks {
    private TinyTasks() {}

    /**
     * Sequence reversal: input = {@code len} random digits (tokens 2..vocab−1), label = the same digits reversed.
     * Train and test sequences are disjoint. One puzzle identifier (0), one example per puzzle and group.
     */
    public static void reversal(Path out, int len, int vocab, int nTrain, int nTest, long seed) throws IOException {
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
    /**
     * Digit reversal with several puzzle identifiers (so the sparse puzzle embedding has several rows to train):
     * {@code groups} train groups (a fifth as many test groups) of 2 puzzles × 3 examples of length 6, vocab 6.
     */
    public static void puzzles(Path out, int groups, long seed) throws IOException {
        Random rng = new Random(seed);
        try (PuzzleDatasetWriter w = new PuzzleDatasetWriter(out, 6, 6)) {
            for (String split : List.of("train", "test")) {
                PuzzleDatasetWriter.Split s = w.split(split);
                int n = split.equals("train") ? groups : Math.max(1, groups / 5);
                for (int g = 0; g < n; g++) {
                    for (int p = 0; p < 2; p++) {
                        for (int e = 0; e < 3; e++) {
                            int[] in = new int[6], lab = new int[6];
                            for (int t = 0; t < 6; t++) in[t] = 2 + rng.nextInt(4);
                            for (int t = 0; t < 6; t++) lab[t] = in[5 - t];
                            s.addExample(in, lab);
                        }
                        s.endPuzzle(1 + (g * 2 + p) % 4);
                    }
                    s.endGroup();
                }
            }
            w.finish(List.of("<blank>", "a", "b", "c", "d"));
        }
    }
    /** A tiny training config for {@link #puzzles}: global batch 16, hidden 16, EMA, exploration, 8 epochs; {@code extra} overrides. */
    public static List<String> puzzlesConfig(Path data, String... extra) {
        List<String> c = new java.util.ArrayList<>(List.of("data_paths=[" + data + "]", "evaluators=[]", "global_batch_size=16", "epochs=8",
                "eval_interval=4", "lr=1e-3", "lr_warmup_steps=5", "ema=True", "ema_rate=0.9", "seed=11", "puzzle_emb_lr=1e-2",
                "arch.hidden_size=16", "arch.num_heads=2", "arch.expansion=2", "arch.H_cycles=2", "arch.L_cycles=1",
                "arch.halt_max_steps=3", "arch.halt_exploration_prob=0.5", "arch.puzzle_emb_ndim=16", "arch.puzzle_emb_len=1",
                "arch.forward_dtype=float32"));
        for (String e : extra) {
            String key = e.substring(0, e.indexOf('=') + 1);
            c.removeIf(x -> x.startsWith(key));
            c.add(e);
        }
        return c;
    }
}
