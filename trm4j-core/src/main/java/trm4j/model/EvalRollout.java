package trm4j.model;

/**
 * Eval-mode ACT over a stream of puzzles with continuous batching: {@code batch} slots each hold one puzzle; after
 * every ACT step a slot whose puzzle is done (q_halt &gt; 0 when stopping at halt, otherwise, or in any case, at
 * halt_max_steps) takes the next puzzle of the stream, which starts from the initial carry at the next step. Each
 * puzzle's steps are exactly those of the official eval rollout (slots never interact), so a puzzle's prediction at
 * step n does not depend on the batch size or on its neighbours; with {@code stopAtHalt} a puzzle simply stops at
 * its first step with q_halt &gt; 0 instead of running to the limit. Slots left without a puzzle at the end of the
 * stream are dropped: once the stream is exhausted and at most half the slots hold a puzzle, the live slots move
 * (carry and data) into a batch of just their number, so the tail of the stream does not pay for empty slots.
 */
public final class EvalRollout {
    /** The puzzles, read on demand. */
    public interface Source {
        int count();

        /**
         * Writes puzzle {@code p}'s tokens [seq_len] at {@code inputs[inputsOffset..]} and its labels (−100 for
         * ignored positions) at {@code labels[labelsOffset..]}, and returns its puzzle identifier.
         */
        int read(int p, int[] inputs, int inputsOffset, int[] labels, int labelsOffset);

        /** Puzzles given as tokens [seq_len] each, with their puzzle identifiers, and no labels. */
        static Source of(java.util.List<int[]> tokens, int[] puzzleIdentifiers) {
            return new Source() {
                @Override public int count() { return tokens.size(); }

                @Override public int read(int p, int[] inputs, int inputsOffset, int[] labels, int labelsOffset) {
                    int[] t = tokens.get(p);
                    System.arraycopy(t, 0, inputs, inputsOffset, t.length);
                    return puzzleIdentifiers[p];
                }
            };
        }
    }

    /** Called after every ACT step of every puzzle in a slot, in slot order within a step. */
    public interface Observer {
        /**
         * Puzzle {@code p} in {@code slot} has run {@code step} steps (1-based); its logits are
         * {@code rollout.logits()[slot·L·V ..]}, its q_halt logit {@code rollout.qHalt(slot)}, its labels
         * {@code rollout.labels()[slot·L ..]}. {@code last}: the puzzle is done (its answer is this step's).
         */
        void step(EvalRollout rollout, int p, int slot, int step, boolean last);
    }

    private final TrmModel model;
    private final int batch;
    private Act act;          // the current batch (smaller than batch once the tail is compacted)
    private Act.Carry carry;

    public EvalRollout(TrmModel model, int batch) {
        if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        this.model = model;
        this.batch = batch;
    }

    /** The number of slots a run starts with. */
    public int batch() { return batch; }

    public TrmModel model() { return model; }

    /** The current number of slots B (the starting batch, less once the tail is compacted). */
    public int slots() { return act.batch; }

    /** The last step's logits [B, L, V]. */
    public float[] logits() { return act.ws.logits; }

    /** The last step's q_halt logit of {@code slot}. */
    public float qHalt(int slot) { return act.ws.qHalt[slot]; }

    /** The labels of the puzzles in the slots [B, L]. */
    public int[] labels() { return carry.labels; }

    /** The inputs of the puzzles in the slots [B, L]. */
    public int[] inputs() { return carry.inputs; }

    /** The puzzle identifiers of the slots [B]. */
    public int[] puzzleIdentifiers() { return carry.puzzleIdentifiers; }

    /**
     * Runs every puzzle of {@code source} to its end; returns the slot-steps run (the sum over ACT steps of the
     * batch size, i.e. the work in puzzle-steps, empty slots included).
     */
    public long run(Source source, boolean stopAtHalt, Observer observer) {
        return run(source, stopAtHalt ? 0f : null, observer);
    }

    /**
     * {@link #run(Source, boolean, Observer)} with a halting threshold: each puzzle stops at its first step whose
     * halt signal exceeds {@code haltThreshold} ({@link Act#haltSignal(int, float)}; 0: the official q_halt &gt; 0),
     * or runs every step when it is null.
     */
    public long run(Source source, Float haltThreshold, Observer observer) {
        boolean stopAtHalt = haltThreshold != null;
        float threshold = stopAtHalt ? haltThreshold : 0f;
        TrmModel m = model;
        int L = m.tokens, max = m.config.halt_max_steps(), n = source.count();
        int B = Math.min(batch, Math.max(n, 1));
        act = new Act(m, B);
        carry = act.initialCarry();
        int[] inputs = new int[B * L], labels = new int[B * L], ids = new int[B];
        int[] puzzle = new int[B];
        int next = 0, live = 0;
        for (int s = 0; s < B; s++) {
            if (next < n) { ids[s] = source.read(next, inputs, s * L, labels, s * L); puzzle[s] = next++; live++; }
            else puzzle[s] = -1;
        }
        long work = 0;
        while (live > 0) {
            if (next >= n && live <= B / 2) {
                // the stream is exhausted: move the live slots into a batch of their number
                Act small = new Act(m, live);
                Act.Carry c = small.initialCarry();
                int[] in2 = new int[live * L], lab2 = new int[live * L], ids2 = new int[live], puzzle2 = new int[live];
                int SD = m.seq * m.hidden;
                for (int s = 0, j = 0; s < B; s++) {
                    if (puzzle[s] < 0) continue;
                    for (int f = 0; f < c.z.length; f++) System.arraycopy(carry.z[f], s * SD, c.z[f], j * SD, SD);
                    c.steps[j] = carry.steps[s];
                    c.halted[j] = carry.halted[s];
                    System.arraycopy(carry.inputs, s * L, c.inputs, j * L, L);
                    System.arraycopy(carry.labels, s * L, c.labels, j * L, L);
                    c.puzzleIdentifiers[j] = carry.puzzleIdentifiers[s];
                    System.arraycopy(inputs, s * L, in2, j * L, L);
                    System.arraycopy(labels, s * L, lab2, j * L, L);
                    ids2[j] = ids[s];
                    puzzle2[j++] = puzzle[s];
                }
                act = small; carry = c; inputs = in2; labels = lab2; ids = ids2; puzzle = puzzle2; B = live;
            }
            // Act.step takes fresh data (and resets the carry) exactly for the halted slots: the ones refilled below.
            act.step(carry, inputs, labels, ids, false, null);
            work += B;
            for (int s = 0; s < B; s++) {
                int p = puzzle[s];
                if (p < 0) { carry.halted[s] = true; continue; }
                int step = carry.steps[s];
                boolean last = step >= max || (stopAtHalt && act.haltSignal(s, threshold));
                observer.step(this, p, s, step, last);
                if (!last) continue;
                carry.halted[s] = true;
                if (next < n) { ids[s] = source.read(next, inputs, s * L, labels, s * L); puzzle[s] = next++; }
                else { puzzle[s] = -1; live--; }
            }
        }
        return work;
    }
}
