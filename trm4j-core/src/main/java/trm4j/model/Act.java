package trm4j.model;

import trm4j.io.RawTensor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * The ACT wrapper (TinyRecursiveReasoningModel_ACTV1): a persistent carry per batch slot, reset of halted slots
 * to H_init/L_init with fresh data from the incoming batch, one inner forward per call, and the halting rule
 * (train: q_halt > 0 or the step limit, delayed by exploration; eval: the step limit only).
 *
 * <p>Variants ({@link Variant}): the carry fields are the variant's, each reset from its own buffer; HRM and the
 * transformer baseline halt in training where q_halt &gt; q_continue; HRM also computes, in training, the
 * bootstrapped target of q_continue from a second inner forward on the new carry ({@link #targetQContinue}).
 *
 * <p>The step API: {@link #step} (forward only), {@link #stepLoss} (forward and the ACT loss head, {@link Losses}) and
 * {@link #backward} (the gradients of that loss); the eval rollout over a stream of puzzles is {@link EvalRollout}.
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
        /** The names of a slot's current data (the official carry's current_data), after the carry fields, steps and halted. */
        public static final List<String> DATA = List.of("inputs", "labels", "puzzle_identifiers");

        /** The variant's carry fields in {@link Variant#latents} order, each [B, S, D]; z[0] feeds the heads. */
        public final float[][] z;
        public final float[] zH, zL;            // [B, S, D] the fields z_H and z_L (null where the variant has none)
        public final int[] steps;               // [B]
        public final boolean[] halted;          // [B]
        public final int[] inputs, labels;      // [B, L]
        public final int[] puzzleIdentifiers;   // [B]
        private final List<String> names;       // the carry fields' official names
        private final int seq, hidden;          // S, D

        Carry(TrmModel m, int batch) {
            this(m.variant.latents, m.seq, m.hidden, new float[m.variant.latents.size()][batch * m.seq * m.hidden],
                    new int[batch], filledTrue(batch), new int[batch * m.tokens], new int[batch * m.tokens], new int[batch]);
        }

        private Carry(List<String> names, int seq, int hidden, float[][] z, int[] steps, boolean[] halted, int[] inputs,
                      int[] labels, int[] puzzleIdentifiers) {
            this.names = names;
            this.seq = seq;
            this.hidden = hidden;
            this.z = z;
            zH = names.contains("z_H") ? z[names.indexOf("z_H")] : null;
            zL = names.contains("z_L") ? z[names.indexOf("z_L")] : null;
            this.steps = steps;
            this.halted = halted;
            this.inputs = inputs;
            this.labels = labels;
            this.puzzleIdentifiers = puzzleIdentifiers;
        }

        /** Flags as 0/1 ints (halted travels as an int32 tensor). */
        private static int[] ints(boolean[] flags) {
            int[] out = new int[flags.length];
            for (int b = 0; b < flags.length; b++) out[b] = flags[b] ? 1 : 0;
            return out;
        }

        /** The flags of {@link #ints}: non-zero is true. */
        private static boolean[] flags(int[] ints) {
            boolean[] out = new boolean[ints.length];
            for (int b = 0; b < ints.length; b++) out[b] = ints[b] != 0;
            return out;
        }

        private static boolean[] filledTrue(int n) {
            boolean[] a = new boolean[n];
            Arrays.fill(a, true);
            return a;
        }

        /** The number of slots B. */
        public int batch() { return steps.length; }

        /**
         * The tensor shapes of a carry of {@code batch} slots of model {@code c}, under the names {@link #toTensors}
         * writes, in its order: the carry fields [B, S, D], steps [B], halted [B], inputs and labels [B, L],
         * puzzle_identifiers [B].
         */
        public static Map<String, int[]> shapes(TrmConfig c, int batch) {
            int S = c.totalSeqLen(), D = c.hidden_size(), L = c.seq_len();
            Map<String, int[]> out = new LinkedHashMap<>();
            for (String name : c.variant().latents) out.put(name, new int[]{batch, S, D});
            out.put("steps", new int[]{batch});
            out.put("halted", new int[]{batch});
            out.put("inputs", new int[]{batch, L});
            out.put("labels", new int[]{batch, L});
            out.put("puzzle_identifiers", new int[]{batch});
            return out;
        }

        /** The carry as tensors under the official names ({@link #shapes}); halted as 0/1 int32. */
        public Map<String, RawTensor> toTensors() {
            int B = batch(), L = inputs.length / Math.max(B, 1);
            Map<String, RawTensor> out = new LinkedHashMap<>();
            for (int f = 0; f < z.length; f++) out.put(names.get(f), RawTensor.ofFloats(z[f], B, seq, hidden));
            out.put("steps", RawTensor.ofInts(steps, B));
            out.put("halted", RawTensor.ofInts(ints(halted), B));
            out.put("inputs", RawTensor.ofInts(inputs, B, L));
            out.put("labels", RawTensor.ofInts(labels, B, L));
            out.put("puzzle_identifiers", RawTensor.ofInts(puzzleIdentifiers, B));
            return out;
        }

        /**
         * The carry {@link #toTensors} wrote, for model {@code c}; every tensor must be there with the shape
         * {@link #shapes} gives (the caller checks that, to name its file in the error).
         */
        public static Carry fromTensors(TrmConfig c, Map<String, RawTensor> t) {
            List<String> names = c.variant().latents;
            float[][] z = new float[names.size()][];
            for (int f = 0; f < z.length; f++) z[f] = t.get(names.get(f)).toFloats();
            return new Carry(names, c.totalSeqLen(), c.hidden_size(), z, t.get("steps").toInts(), flags(t.get("halted").toInts()),
                    t.get("inputs").toInts(), t.get("labels").toInts(), t.get("puzzle_identifiers").toInts());
        }

        /**
         * A carry whose arrays are {@code floats}/{@code ints} of this one's (halted through ints as 0/1): e.g. the
         * global batch's carry gathered from the data-parallel ranks' slots.
         */
        public Carry map(UnaryOperator<float[]> floats, UnaryOperator<int[]> ints) {
            float[][] z2 = new float[z.length][];
            for (int f = 0; f < z.length; f++) z2[f] = floats.apply(z[f]);
            return new Carry(names, seq, hidden, z2, ints.apply(steps), flags(ints.apply(ints(halted))), ints.apply(inputs), ints.apply(labels),
                    ints.apply(puzzleIdentifiers));
        }

        /**
         * Fills this carry from {@code from} through {@code floats}/{@code ints} (source, destination): e.g. this
         * rank's slots from the global batch's carry.
         */
        public void copyFrom(Carry from, BiConsumer<float[], float[]> floats, BiConsumer<int[], int[]> ints) {
            for (int f = 0; f < z.length; f++) floats.accept(from.z[f], z[f]);
            ints.accept(from.steps, steps);
            int[] mine = new int[halted.length];
            ints.accept(ints(from.halted), mine);
            System.arraycopy(flags(mine), 0, halted, 0, halted.length);
            ints.accept(from.inputs, inputs);
            ints.accept(from.labels, labels);
            ints.accept(from.puzzleIdentifiers, puzzleIdentifiers);
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

    /** One ACT step's loss: the ACT loss head, and in training HRM's bootstrapped q_continue loss. */
    public record StepLoss(Losses.Result head, float qContinueLoss, float[] qContinueTarget) {
        /** lm_loss + 0.5·(q_halt_loss + q_continue_loss), summed over the batch: the loss the gradients are of. */
        public double loss() { return head.loss() + 0.5 * qContinueLoss; }

        /** Every slot has halted (the official eval loop's end). */
        public boolean allHalted() { return head.allHalted(); }
    }

    private float[] dLogits, dQHalt, dQContinue;   // [B, L, V], [B], [B] (HRM): the last stepLoss's gradients
    private int[] ignored;                          // [B, L] every label ignored: the loss of a step without labels

    /**
     * One ACT step ({@link #step}) and its loss against the slots' labels (official train_batch / eval step); with
     * {@code labels} null every position is ignored (no labels: loss 0, logits and predictions only). With
     * {@code gradients}, the gradients of {@code scale·loss} w.r.t. the logits, q_halt and (HRM in training)
     * q_continue are kept for {@link #backward}.
     */
    // inputs, labels: [B, L]; puzzleIdentifiers: [B]
    public StepLoss stepLoss(Carry c, int[] inputs, int[] labels, int[] puzzleIdentifiers, boolean train, Exploration exploration,
                             double scale, boolean gradients) {
        step(c, inputs, labels, puzzleIdentifiers, train, exploration);
        int L = model.tokens, V = model.vocab;
        if (gradients && dLogits == null) {
            dLogits = new float[batch * L * V];
            dQHalt = new float[batch];
            dQContinue = new float[batch];
        }
        int[] y = c.labels;
        if (labels == null) {
            if (ignored == null) { ignored = new int[batch * L]; Arrays.fill(ignored, Losses.IGNORE); }
            y = ignored;
        }
        Losses.Result head = Losses.compute(ws.logits, y, ws.qHalt, c.steps, c.halted, batch, L, V, scale,
                gradients ? dLogits : null, gradients ? dQHalt : null);
        float[] target = targetQContinue();
        float qContinueLoss = target == null ? 0f
                : Losses.qContinueLoss(ws.qContinue, target, batch, scale, gradients ? dQContinue : null);
        return new StepLoss(head, qContinueLoss, target);
    }

    /**
     * The backward pass of {@code loss}, the last {@link #stepLoss} (run with gradients): the parameters' gradients
     * are zeroed, then set to d(scale·loss)/dθ.
     */
    public void backward(Carry c, StepLoss loss) {
        if (dLogits == null) throw new IllegalStateException("backward needs a stepLoss with gradients first");
        model.zeroGrad();
        model.backward(ws, c.z[0], dLogits, dQHalt, loss.qContinueTarget() == null ? null : dQContinue);
    }

    /**
     * The Q head's halt signal for {@code slot} after the last step: q_halt &gt; 0 (the TRM family), or q_halt &gt;
     * q_continue (HRM, the transformer baseline). Training halts on it; evaluation only with early exit.
     */
    public boolean haltSignal(int slot) { return haltSignal(slot, 0f); }

    /**
     * {@link #haltSignal} with a margin: q_halt &gt; threshold (the TRM family), or q_halt − q_continue &gt; threshold
     * (the same as q_halt &gt; q_continue at 0). 0 is the official rule; a positive threshold asks the halting head
     * for more confidence (q_halt = 3: sigmoid 0.95) before an evaluation stops early.
     */
    public boolean haltSignal(int slot, float threshold) {
        return model.variant.haltsOnContinue(model.config.no_ACT_continue())
                ? ws.qHalt[slot] - ws.qContinue[slot] > threshold : ws.qHalt[slot] > threshold;
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
