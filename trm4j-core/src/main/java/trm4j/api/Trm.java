package trm4j.api;

import trm4j.checkpoint.Checkpoints;
import trm4j.checkpoint.LoadedCheckpoint;
import trm4j.model.EvalRollout;
import trm4j.model.Losses;
import trm4j.model.TrmConfig;
import trm4j.model.TrmModel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
     * Many puzzles, {@code batchSize} slots at a time (results do not depend on the batch size). With
     * {@code stopAtHalt} each puzzle stops at its first step with q_halt &gt; 0 and its slot takes the next puzzle
     * (continuous batching, {@link EvalRollout}), so puzzles that halt early cost only the steps they ran.
     */
    public List<Solution> solveAll(List<int[]> tokens, int[] puzzleIdentifiers, boolean stopAtHalt, int batchSize) {
        return solveAll(tokens, puzzleIdentifiers, stopAtHalt ? 0f : null, batchSize);
    }

    /**
     * {@link #solveAll(List, int[], boolean, int)} with a halting threshold: each puzzle stops at its first step
     * whose q_halt logit is above {@code haltThreshold} (0: the official rule; 3: the head is 95 % sure), or runs
     * every step when it is null.
     */
    public List<Solution> solveAll(List<int[]> tokens, int[] puzzleIdentifiers, Float haltThreshold, int batchSize) {
        if (puzzleIdentifiers.length != tokens.size())
            throw new IllegalArgumentException(tokens.size() + " puzzles but " + puzzleIdentifiers.length + " puzzle identifiers");
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        int L = seqLen(), V = config().vocab_size(), n = tokens.size();
        for (int i = 0; i < n; i++)
            if (tokens.get(i).length != L)
                throw new IllegalArgumentException("puzzle " + (i + 1) + " has " + tokens.get(i).length + " tokens; this model needs seq_len = " + L);
        List<List<Solution.Step>> steps = new ArrayList<>(n);
        for (int i = 0; i < n; i++) steps.add(new ArrayList<>());
        Solution[] out = new Solution[n];
        new EvalRollout(model(), batchSize).run(EvalRollout.Source.of(tokens, puzzleIdentifiers), haltThreshold, (r, p, slot, step, last) -> {
            int[] pred = Losses.argmax(r.logits(), slot, L, V);   // logits: [B, L, V]
            float q = r.qHalt(slot);
            steps.get(p).add(new Solution.Step(step, pred, q));
            if (last) out[p] = new Solution(steps.get(p), haltThreshold != null && q > haltThreshold);
        });
        return List.of(out);
    }
}
