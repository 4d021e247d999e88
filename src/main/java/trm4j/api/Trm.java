package trm4j.api;

import trm4j.model.Act;
import trm4j.model.TrmConfig;
import trm4j.model.TrmModel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The facade a JVM application uses: load a checkpoint, solve puzzles.
 * <pre>{@code
 * Trm trm = Trm.load(Path.of("checkpoints/run/step_1000"));
 * Solution s = trm.solve(tokens);            // tokens: [seq_len] in the data set's token scheme
 * int[] answer = s.answer();
 * }</pre>
 * Solving runs the ACT loop in eval mode from the initial carry, as the official evaluation does: up to
 * halt_max_steps steps, or (when asked) until the first step whose q_halt logit is &gt; 0. Thread-safe: each
 * call has its own working memory; the weights are only read.
 */
public final class Trm {
    private final LoadedCheckpoint checkpoint;

    public Trm(LoadedCheckpoint checkpoint) { this.checkpoint = checkpoint; }

    /** A trm4j checkpoint folder, a run folder (latest checkpoint) or an official torch.save file with its config beside it. */
    public static Trm load(Path path) throws IOException { return new Trm(Checkpoints.load(path)); }

    public static Trm load(Path path, Checkpoints.Options options) throws IOException { return new Trm(Checkpoints.load(path, options)); }

    public LoadedCheckpoint checkpoint() { return checkpoint; }

    public TrmConfig config() { return checkpoint.config(); }

    public TrmModel model() { return checkpoint.model(); }

    public int seqLen() { return config().seq_len(); }

    /** All halt_max_steps steps, puzzle identifier 0 (Sudoku, Maze: every puzzle has identifier 0). */
    public Solution solve(int[] tokens) { return solve(tokens, 0, false); }

    /** One puzzle; {@code stopAtHalt}: stop at the first step with q_halt &gt; 0. */
    public Solution solve(int[] tokens, int puzzleIdentifier, boolean stopAtHalt) {
        return solveAll(List.of(tokens), new int[]{puzzleIdentifier}, stopAtHalt, 1).getFirst();
    }

    /**
     * Many puzzles, {@code batchSize} at a time (results do not depend on the batch size). A slot that halts
     * early keeps its answer while the others run on; a batch ends when all its slots are done.
     */
    public List<Solution> solveAll(List<int[]> tokens, int[] puzzleIdentifiers, boolean stopAtHalt, int batchSize) {
        if (puzzleIdentifiers.length != tokens.size())
            throw new IllegalArgumentException(tokens.size() + " puzzles but " + puzzleIdentifiers.length + " puzzle identifiers");
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        int L = seqLen();
        for (int i = 0; i < tokens.size(); i++)
            if (tokens.get(i).length != L)
                throw new IllegalArgumentException("puzzle " + (i + 1) + " has " + tokens.get(i).length + " tokens; this model needs seq_len = " + L);
        List<Solution> out = new ArrayList<>(tokens.size());
        for (int from = 0; from < tokens.size(); from += batchSize) {
            int n = Math.min(batchSize, tokens.size() - from);
            out.addAll(batch(tokens.subList(from, from + n), Arrays.copyOfRange(puzzleIdentifiers, from, from + n), stopAtHalt));
        }
        return out;
    }

    private List<Solution> batch(List<int[]> tokens, int[] ids, boolean stopAtHalt) {
        int B = tokens.size(), L = seqLen(), V = config().vocab_size();
        int[] inputs = new int[B * L];
        for (int b = 0; b < B; b++) System.arraycopy(tokens.get(b), 0, inputs, b * L, L);
        Act act = new Act(model(), B);
        Act.Carry carry = act.initialCarry();
        List<List<Solution.Step>> steps = new ArrayList<>();
        for (int b = 0; b < B; b++) steps.add(new ArrayList<>());
        boolean[] done = new boolean[B], halted = new boolean[B];
        int max = config().halt_max_steps(), open = B;
        for (int n = 1; n <= max && open > 0; n++) {
            act.step(carry, inputs, null, ids, false, null);
            float[] logits = act.ws.logits;   // [B, L, V]
            for (int b = 0; b < B; b++) {
                if (done[b]) continue;
                int[] pred = new int[L];
                for (int t = 0; t < L; t++) {
                    int o = (b * L + t) * V, best = 0;
                    for (int v = 1; v < V; v++) if (logits[o + v] > logits[o + best]) best = v;   // first maximum, as argmax
                    pred[t] = best;
                }
                float q = act.ws.qHalt[b];
                steps.get(b).add(new Solution.Step(n, pred, q));
                if (stopAtHalt && q > 0f) { done[b] = true; halted[b] = true; open--; }
            }
        }
        List<Solution> out = new ArrayList<>(B);
        for (int b = 0; b < B; b++) out.add(new Solution(steps.get(b), halted[b]));
        return out;
    }
}
