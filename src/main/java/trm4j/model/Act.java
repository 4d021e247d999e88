package trm4j.model;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The ACT wrapper (TinyRecursiveReasoningModel_ACTV1): a persistent carry per batch slot, reset of halted slots
 * to H_init/L_init with fresh data from the incoming batch, one inner forward per call, and the halting rule
 * (train: q_halt > 0 or the step limit, delayed by exploration; eval: the step limit only).
 *
 * <p>Variants ({@link Variant}): the carry fields are the variant's, each reset from its own buffer; HRM and the
 * transformer baseline halt in training where q_halt &gt; q_continue; HRM also computes, in training, the
 * bootstrapped target of q_continue from a second inner forward on the new carry ({@link #targetQContinue}).
 */
public final class Act {
    public final TrmModel model;
    public final Workspace ws;
    public final int batch;

    // Per-step scratch, allocated once (steady-state steps allocate nothing).
    private final float[] puzzleRows;     // [B, ndim]
    private final float[] explorationU;   // [B]
    private final int[] explorationK;     // [B]
    private final float[] target;         // [B] HRM: the bootstrapped q_continue target of the last training step
    private Workspace targetWs;           // HRM: the second forward's own activations (the first's stay for backward)
    private float[][] targetZ;            // HRM: a copy of the new carry for the second forward

    public Act(TrmModel model, int batch) {
        this.model = model;
        this.batch = batch;
        this.ws = model.workspace(batch);
        this.puzzleRows = new float[batch * model.config.puzzle_emb_ndim()];
        this.explorationU = new float[batch];
        this.explorationK = new int[batch];
        this.target = model.variant.bootstrapsContinue() ? new float[batch] : null;
    }

    /**
     * The q_continue target of the last training step, sigmoid(is_last ? next q_halt : max(next q_halt, next
     * q_continue)) [B]; null for the variants without one or after an evaluation step.
     */
    public float[] targetQContinue() { return targetValid ? target : null; }

    private boolean targetValid;

    /** The state carried between ACT steps: the carry fields (z_H, z_L, …), steps, halted and each slot's current data. */
    public static final class Carry {
        /** The variant's carry fields in {@link Variant#latents} order, each [B, S, D]; z[0] feeds the heads. */
        public final float[][] z;
        public final float[] zH, zL;            // [B, S, D] the fields z_H and z_L (null where the variant has none)
        public final int[] steps;               // [B]
        public final boolean[] halted;          // [B]
        public final int[] inputs, labels;      // [B, L]
        public final int[] puzzleIdentifiers;   // [B]

        Carry(TrmModel m, int batch) {
            int n = batch * m.seq * m.hidden;
            List<String> names = m.variant.latents;
            z = new float[names.size()][n];
            zH = names.contains("z_H") ? z[names.indexOf("z_H")] : null;
            zL = names.contains("z_L") ? z[names.indexOf("z_L")] : null;
            steps = new int[batch];
            halted = new boolean[batch];
            Arrays.fill(halted, true);
            inputs = new int[batch * m.tokens];
            labels = new int[batch * m.tokens];
            puzzleIdentifiers = new int[batch];
        }
    }

    /** The initial carry: every slot halted, so the first call takes every slot's data from its batch. */
    public Carry initialCarry() { return new Carry(model, batch); }

    /** The two random draws of the exploration rule (torch.rand_like then torch.randint_like(2, max + 1)). */
    public interface Exploration {
        void draw(float[] uniform, int[] minSteps);
    }

    /** Exploration draws from a seeded stream. */
    public static Exploration seeded(SplittableRandom rng, int haltMaxSteps) {
        return (u, k) -> {
            for (int i = 0; i < u.length; i++) u[i] = (float) rng.nextDouble();
            for (int i = 0; i < k.length; i++) k[i] = 2 + rng.nextInt(Math.max(1, haltMaxSteps - 1));
        };
    }

    /**
     * One ACT step: resets halted slots, replaces their data from (inputs, labels, puzzleIdentifiers), runs the
     * inner model (its activations stay in {@link #ws} for a backward pass) and updates steps and halted.
     * {@code exploration} is used only in training mode.
     */
    // inputs, labels: [B, L]; puzzleIdentifiers: [B]
    public void step(Carry c, int[] inputs, int[] labels, int[] puzzleIdentifiers, boolean train, Exploration exploration) {
        TrmModel m = model;
        int S = m.seq, D = m.hidden, L = m.tokens;
        validate(inputs, puzzleIdentifiers);
        for (int b = 0; b < batch; b++) {
            if (!c.halted[b]) continue;
            for (int f = 0; f < c.z.length; f++)
                for (int s = 0; s < S; s++) System.arraycopy(m.inits[f].value, 0, c.z[f], (b * S + s) * D, D);
            c.steps[b] = 0;
            System.arraycopy(inputs, b * L, c.inputs, b * L, L);
            if (labels != null) System.arraycopy(labels, b * L, c.labels, b * L, L);
            c.puzzleIdentifiers[b] = puzzleIdentifiers[b];
        }
        gatherInto(c.puzzleIdentifiers, puzzleRows);
        m.forward(ws, c.z, c.inputs, puzzleRows);
        int max = m.config.halt_max_steps();
        float[] u = explorationU;
        int[] k = explorationK;
        boolean explore = train && max > 1;
        if (explore) exploration.draw(u, k);
        targetValid = explore && target != null;
        if (targetValid) bootstrapTarget(c);
        for (int b = 0; b < batch; b++) {
            c.steps[b]++;
            boolean halted = c.steps[b] >= max;
            if (explore) {
                halted |= haltSignal(b);
                int minHalt = u[b] < (float) m.config.halt_exploration_prob() ? k[b] : 0;
                halted &= c.steps[b] >= minHalt;
            }
            c.halted[b] = halted;
        }
    }

    /**
     * The Q head's halt signal for {@code slot} after the last step: q_halt &gt; 0 (the TRM family), or q_halt &gt;
     * q_continue (HRM, the transformer baseline). Training halts on it; evaluation only with early exit.
     */
    public boolean haltSignal(int slot) {
        return model.variant.haltsOnContinue(model.config.no_ACT_continue()) ? ws.qHalt[slot] > ws.qContinue[slot] : ws.qHalt[slot] > 0f;
    }

    /** HRM: the Q values of the next step, from a gradient-free forward on (a copy of) the new carry, as the target. */
    private void bootstrapTarget(Carry c) {
        if (targetWs == null) {
            targetWs = model.workspace(batch);
            targetZ = new float[c.z.length][c.z[0].length];
        }
        for (int f = 0; f < c.z.length; f++) System.arraycopy(c.z[f], 0, targetZ[f], 0, c.z[f].length);
        model.forward(targetWs, targetZ, c.inputs, puzzleRows);
        int max = model.config.halt_max_steps();
        for (int b = 0; b < batch; b++) {
            float h = targetWs.qHalt[b], q = targetWs.qContinue[b];
            boolean last = c.steps[b] + 1 >= max;
            target[b] = (float) (1.0 / (1.0 + Math.exp(-(double) (last ? h : Math.max(h, q)))));
        }
    }

    /** The puzzle-embedding rows of the slots' identifiers: [B, ndim] (the official sparse embedding's local_weights). */
    public float[] gatherPuzzleRows(int[] ids) {
        float[] rows = new float[batch * model.config.puzzle_emb_ndim()];
        gatherInto(ids, rows);
        return rows;
    }

    // rows: [B, ndim]
    private void gatherInto(int[] ids, float[] rows) {
        int ndim = model.config.puzzle_emb_ndim();
        for (int b = 0; b < batch && ndim > 0; b++) System.arraycopy(model.puzzleEmb.value, ids[b] * ndim, rows, b * ndim, ndim);
    }

    private void validate(int[] inputs, int[] ids) {
        int V = model.vocab, N = model.config.num_puzzle_identifiers();
        if (inputs.length != batch * model.tokens)
            throw new IllegalArgumentException("inputs must be [" + batch + ", " + model.tokens + "], got " + inputs.length + " values");
        for (int i = 0; i < inputs.length; i++)
            if (inputs[i] < 0 || inputs[i] >= V)
                throw new IllegalArgumentException("inputs[" + i / model.tokens + ", " + i % model.tokens + "] = " + inputs[i]
                        + " is not a token id in [0, " + V + ") (vocab_size)");
        for (int b = 0; b < ids.length; b++)
            if (ids[b] < 0 || ids[b] >= N)
                throw new IllegalArgumentException("puzzle_identifiers[" + b + "] = " + ids[b] + " is not in [0, " + N + ") (num_puzzle_identifiers)");
    }
}
