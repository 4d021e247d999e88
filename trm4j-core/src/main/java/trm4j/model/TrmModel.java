package trm4j.model;

import trm4j.nn.GradSink;
import trm4j.nn.Linear;
import trm4j.nn.Param;
import trm4j.nn.Rope;
import trm4j.tensor.Ops;
import trm4j.tensor.Parallel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The inner TRM (TinyRecursiveReasoningModel_ACTV1_Inner): input embedding, the recursion of one network over
 * z_L (latent) and z_H (answer), the LM head and the Q head, with a hand-written backward pass through the last
 * H cycle. All parameters carry their official state_dict names.
 *
 * <p>The other official variants ({@link Variant}: HRM, TRM single-z, TRM hier6, the transformer baseline) are
 * this model with their own carry fields, stacks and recursion schedule, run by {@link Recursion}; TRM itself
 * keeps its tuned path here.
 */
public final class TrmModel {
    public final TrmConfig config;
    final int hidden, seq, plen, vocab, tokens;
    final float embedScale;

    public final Param embedTokens;   // [V, D]
    public final Param lmHead;        // [V, D]
    public final Param qHeadWeight;   // [2, D]
    public final Param qHeadBias;     // [2]
    public final Param puzzleEmb;     // [num_puzzle_identifiers, ndim] or null; trained by SignSGD per row
    public final Param embedPos;      // [S, D] or null (learned positions only)
    public final Param hInit, lInit;  // [D] buffers H_init, L_init (null where the variant has no such field)
    /** The reset buffers of the carry fields, in {@link Variant#latents} order: [D] each. */
    public final Param[] inits;
    public final Variant variant;
    final Rope rope;
    final List<TrmBlock> blocks = new ArrayList<>();    // L_level
    final List<TrmBlock> hBlocks = new ArrayList<>();   // H_level (HRM, transformer baseline)
    final Recursion recursion;                          // null for TRM
    private final Map<String, Param> byName = new LinkedHashMap<>();
    private final List<Param> packedWeights;            // the blocks' weights, packed during each pass

    public TrmModel(TrmConfig c) {
        this.config = c;
        hidden = c.hidden_size();
        plen = c.puzzleEmbLen();
        seq = c.totalSeqLen();
        vocab = c.vocab_size();
        tokens = c.seq_len();
        embedScale = (float) Math.sqrt(hidden);
        String p = "model.inner.";
        embedTokens = add(new Param(p + "embed_tokens.embedding_weight", true, vocab, hidden));
        lmHead = add(new Param(p + "lm_head.weight", true, vocab, hidden));
        qHeadWeight = add(new Param(p + "q_head.weight", true, 2, hidden));
        qHeadBias = add(new Param(p + "q_head.bias", true, 2));
        puzzleEmb = c.puzzle_emb_ndim() > 0
                ? add(new Param(p + "puzzle_emb.weights", false, c.num_puzzle_identifiers(), c.puzzle_emb_ndim())) : null;
        embedPos = c.learnedPositions() ? add(new Param(p + "embed_pos.embedding_weight", true, seq, hidden)) : null;
        rope = c.rope() ? new Rope(seq, c.headDim(), c.rope_theta()) : null;
        variant = c.variant();
        if (variant.hasHLevel()) level(c, "H_level", c.H_layers(), hBlocks);
        if (variant.hasLLevel()) level(c, "L_level", c.L_layers(), blocks);
        inits = new Param[variant.latents.size()];
        for (int i = 0; i < inits.length; i++) inits[i] = add(new Param(p + Variant.initName(variant.latents.get(i)), false, hidden));
        hInit = byName.get(p + "H_init");
        lInit = byName.get(p + "L_init");
        recursion = variant == Variant.TRM ? null : new Recursion(this);
        packedWeights = blockParams();
    }

    private void level(TrmConfig c, String name, int layers, List<TrmBlock> into) {
        for (int i = 0; i < layers; i++) {
            TrmBlock b = new TrmBlock(c, name, i, rope);
            into.add(b);
            b.params().forEach(this::add);
        }
    }

    /** The blocks of a stack: H_level or L_level. */
    List<TrmBlock> level(boolean h) { return h ? hBlocks : blocks; }

    private Param add(Param q) { byName.put(q.name, q); return q; }

    /** Every parameter and persistent buffer, in official construction order, by official name. */
    public Map<String, Param> params() { return Collections.unmodifiableMap(byName); }

    /** The parameters of the blocks (H_level then L_level), whose gradients the chunked backward pass sums. */
    List<Param> blockParams() {
        List<Param> l = new ArrayList<>();
        for (List<TrmBlock> level : List.of(hBlocks, blocks)) for (TrmBlock b : level) l.addAll(b.params());
        return l;
    }

    /** Models up to this hidden size take the chunked backward pass ({@link #gradChunk}). */
    static final int CHUNKED_MAX_HIDDEN = 256;

    /**
     * Batch items per chunk of the chunked backward pass, or 0 for the whole-batch one. Small models: each thread
     * takes its chunks through the input gradients and, while they are still in its cache, the weight gradients
     * into the chunk's own buffers; the buffers are added to the gradients after the pass, chunk by chunk in
     * order; their forward pass runs chunk by chunk too, each chunk through all its cycles. The chunking depends
     * on the shapes only (never on the thread count), so results are bit-identical for any number of threads.
     * Large models keep whole-batch weight-gradient products, split over their outputs.
     */
    static int gradChunk(TrmConfig c, int batch) {
        if (c.hidden_size() > CHUNKED_MAX_HIDDEN) return 0;
        return Math.max(1, Math.min(8, batch / 8));
    }

    /** The dense parameters the AdamATan2 optimizer trains (everything with a gradient). */
    public List<Param> trainable() {
        List<Param> l = new ArrayList<>();
        for (Param q : byName.values()) if (q.trainable()) l.add(q);
        return l;
    }

    /** Dense parameter count as the official code logs it (excludes buffers and the puzzle-embedding table). */
    public long parameterCount() {
        long n = 0;
        for (Param q : trainable()) n += q.size();
        return n;
    }

    public void zeroGrad() { for (Param q : byName.values()) q.zeroGrad(); }

    /** The official initialisation, seeded: truncated LeCun normal, Q head weight 0 and bias −5, zero puzzle table. */
    public void initialize(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double embStd = 1.0 / Math.sqrt(hidden);
        TruncatedNormal.fill(embedTokens.value, embStd, rng);
        TruncatedNormal.fill(lmHead.value, 1.0 / Math.sqrt(hidden), rng);
        TruncatedNormal.fill(qHeadWeight.value, 1.0 / Math.sqrt(hidden), rng);
        java.util.Arrays.fill(qHeadWeight.value, 0f);
        java.util.Arrays.fill(qHeadBias.value, -5f);
        if (puzzleEmb != null) java.util.Arrays.fill(puzzleEmb.value, 0f);
        if (embedPos != null) TruncatedNormal.fill(embedPos.value, embStd, rng);
        for (List<TrmBlock> level : List.of(hBlocks, blocks))
            for (TrmBlock b : level)
                for (Param q : b.params()) TruncatedNormal.fill(q.value, 1.0 / Math.sqrt(q.shape()[1]), rng);
        for (Param init : inits) {
            TruncatedNormal.fill(init.value, 1.0, rng);
            if ("bfloat16".equals(config.forward_dtype()))
                for (int i = 0; i < init.value.length; i++) init.value[i] = TruncatedNormal.bf16(init.value[i]);
        }
    }

    /** RoPE tables [S, head_dim] (for checks against the official cos_cached/sin_cached), or null. */
    public Rope rope() { return rope; }

    public Workspace workspace(int batch) { return new Workspace(this, batch); }

    // ---------------------------------------------------------------------------------------------------------
    // Forward

    /**
     * One inner forward (one ACT step) on the carry (zH, zL, updated in place): H_cycles − 1 cycles without
     * gradient, then one cycle whose activations are kept in {@code ws} for {@link #backward}. Fills ws.logits,
     * ws.qHalt, ws.qContinue. {@code puzzleRows} [B, ndim] are the puzzle-embedding rows of the batch.
     * Batch items are independent: each thread runs the whole step for its slice of the batch.
     */
    // z: the carry fields ({@link Variant#latents}), each [B, S, D]; inputs: [B, L]
    public void forward(Workspace ws, float[][] z, int[] inputs, float[] puzzleRows) {
        if (recursion == null) { forward(ws, z[0], z[1], inputs, puzzleRows); return; }
        ws.lastInputs = inputs;
        withPackedWeights(false, () -> {
            if (ws.trace != null) variantForward(ws, z, inputs, puzzleRows, 0, ws.batch);
            else Parallel.forSlices(ws.batch, (b0, b1) -> variantForward(ws, z, inputs, puzzleRows, b0, b1));
        });
    }

    private void variantForward(Workspace ws, float[][] z, int[] inputs, float[] puzzleRows, int b0, int b1) {
        embed(ws, inputs, puzzleRows, b0, b1);
        recursion.forward(ws, z, b0, b1);
        heads(ws, z[0], b0, b1);
    }

    /** The TRM forward ({@link Variant#TRM}) on its carry z_H, z_L. */
    // zH, zL: [B, S, D]; inputs: [B, L]
    public void forward(Workspace ws, float[] zH, float[] zL, int[] inputs, float[] puzzleRows) {
        ws.lastInputs = inputs;
        withPackedWeights(false, () -> {
            if (ws.trace != null) forward(ws, zH, zL, inputs, puzzleRows, 0, ws.batch);   // traces keep whole-batch order
            else Parallel.forSlices(ws.batch, (b0, b1) -> {
                // small models: chunk by chunk, so that a chunk's activations stay in cache through all its cycles
                int step = ws.gradChunk > 0 ? ws.gradChunk : b1 - b0;
                for (int c = b0; c < b1; c += step) forward(ws, zH, zL, inputs, puzzleRows, c, Math.min(b1, c + step));
            });
        });
    }

    /**
     * Runs one pass with every block weight packed for its products once ({@link Param#pack}) instead of once per
     * product and thread, then drops the packs (the optimizer changes the weights between passes). The forward
     * pass multiplies by Wᵀ; the backward pass by W, and by Wᵀ too when it recomputes activations.
     */
    private void withPackedWeights(boolean backward, Runnable pass) {
        List<Param> weights = packedWeights;
        if (weights.isEmpty() || weights.get(0).packed()) { pass.run(); return; }   // already inside a pass
        boolean forward = !backward || config.recompute_activations();
        Parallel.forEach(weights.size(), i -> weights.get(i).pack(forward, backward));
        try {
            pass.run();
        } finally {
            for (Param q : weights) q.pack(false, false);
        }
    }

    /** The forward of batch items [b0, b1). */
    private void forward(Workspace ws, float[] zH, float[] zL, int[] inputs, float[] puzzleRows, int b0, int b1) {
        int o = b0 * seq * hidden, n = (b1 - b0) * seq * hidden;
        embed(ws, inputs, puzzleRows, b0, b1);
        TrmConfig c = config;
        for (int h = 0; h < c.H_cycles() - 1; h++) {
            Ops.add(zH, o, ws.x, o, ws.inject, o, n);
            for (int l = 0; l < c.L_cycles(); l++) apply(ws, ws.scratch, zL, ws.inject, zL, b0, b1);
            apply(ws, ws.scratch, zH, zL, zH, b0, b1);
        }
        Ops.add(zH, o, ws.x, o, ws.inject, o, n);
        int L = c.L_cycles();
        for (int l = 0; l <= L; l++) {
            // recompute_activations: the scratch cache, keeping each application's input only
            Workspace.Application app = ws.savedU != null ? ws.scratch : ws.apps[l];
            if (l < L) apply(ws, app, zL, ws.inject, zL, b0, b1);
            else apply(ws, app, zH, zL, zH, b0, b1);
            if (ws.savedU != null) System.arraycopy(app.u, o, ws.savedU[l], o, n);
        }
        heads(ws, zH, b0, b1);
    }

    /** z ← f(state, injection) = blocks(state + injection) for items [b0, b1); the activations stay in {@code app}. */
    private void apply(Workspace ws, Workspace.Application app, float[] state, float[] injection, float[] out, int b0, int b1) {
        int o = b0 * seq * hidden, n = (b1 - b0) * seq * hidden;
        Ops.add(state, o, injection, o, app.u, o, n);
        System.arraycopy(blocks(app, b0, b1), o, out, o, n);
        if (ws.trace != null) ws.trace.add(out.clone());
    }

    /** The blocks on app.u for items [b0, b1), their activations kept in {@code app}; returns the output array. */
    float[] blocks(Workspace.Application app, int b0, int b1) { return blocks(blocks, app, b0, b1); }

    /** The blocks of a stack on app.u for items [b0, b1); returns the output array. */
    float[] blocks(List<TrmBlock> stack, Workspace.Application app, int b0, int b1) {
        float[] x = app.u;
        for (int i = 0; i < stack.size(); i++) {
            stack.get(i).forward(x, app.blocks[i], b0, b1);
            x = app.blocks[i].out;
        }
        return x;
    }

    // X: [B, S, D] = scale · (prefix ‖ E[tokens]) (learned positions: scale · 0.707106781 · (· + pos)), items [b0, b1)
    void embed(Workspace ws, int[] inputs, float[] puzzleRows, int b0, int b1) {
        int ndim = config.puzzle_emb_ndim();
        float[] x = ws.x, e = embedTokens.value;
        java.util.Arrays.fill(x, b0 * seq * hidden, b1 * seq * hidden, 0f);
        for (int b = b0; b < b1; b++) {
            int base = b * seq * hidden;
            if (ndim > 0) System.arraycopy(puzzleRows, b * ndim, x, base, ndim);
            for (int t = 0; t < tokens; t++) {
                int tok = inputs[b * tokens + t];
                System.arraycopy(e, tok * hidden, x, base + (plen + t) * hidden, hidden);
            }
            if (embedPos != null)
                for (int i = 0; i < seq * hidden; i++) x[base + i] = LEARNED_MIX * (x[base + i] + embedPos.value[i]);
            for (int i = 0; i < seq * hidden; i++) x[base + i] = embedScale * x[base + i];
        }
    }

    /** The official literal 0.707106781 (≈ 1/√2), as float32. */
    static final float LEARNED_MIX = 0.707106781f;

    // logits: [B, L, V] from z_H without the puzzle positions; q: position 0 of z_H; items [b0, b1)
    private void heads(Workspace ws, float[] zH, int b0, int b1) {
        for (int b = b0; b < b1; b++)
            Linear.forward(zH, (b * seq + plen) * hidden, tokens, hidden, lmHead.value, null, ws.logits, b * tokens * vocab, vocab);
        float[] w = qHeadWeight.value;
        for (int b = b0; b < b1; b++) {
            int z = b * seq * hidden;
            float s0 = 0f, s1 = 0f;
            for (int d = 0; d < hidden; d++) { s0 += zH[z + d] * w[d]; s1 += zH[z + d] * w[hidden + d]; }
            ws.qHalt[b] = s0 + qHeadBias.value[0];
            ws.qContinue[b] = s1 + qHeadBias.value[1];
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Backward

    /**
     * Back-propagates through the heads and the last H cycle of the preceding {@link #forward}: accumulates the
     * gradient of every dense parameter and writes the per-row puzzle-embedding gradient to ws.puzzleGrad [B, ndim].
     */
    // zH: the carry field 0 (z_H; single-z: z_L) the forward returned [B, S, D]; dLogits: [B, L, V]; dQHalt, dQContinue: [B]
    public void backward(Workspace ws, float[] zH, float[] dLogits, float[] dQHalt, float[] dQContinue) {
        withPackedWeights(true, () -> backwardPass(ws, zH, dLogits, dQHalt, dQContinue));
    }

    private void backwardPass(Workspace ws, float[] zH, float[] dLogits, float[] dQHalt, float[] dQContinue) {
        int B = ws.batch, n = B * seq * hidden;
        float[] dz = ws.dA;
        java.util.Arrays.fill(dz, 0, n, 0f);
        GradSink[] parts = ws.partials();
        if (parts != null)
            Parallel.forEach(parts.length, c -> { for (Param q : ws.blockParams) java.util.Arrays.fill(parts[c].of(q), 0f); });
        for (int b = 0; b < B; b++) {
            int zOff = (b * seq + plen) * hidden;
            Linear.backward(dLogits, b * tokens * vocab, zH, zOff, tokens, hidden, vocab, lmHead.value, lmHead.grad,
                    null, dz, zOff, true);
        }
        float[] w = qHeadWeight.value, gw = qHeadWeight.grad, gb = qHeadBias.grad;
        for (int b = 0; b < B; b++) {
            int z = b * seq * hidden;
            float g0 = dQHalt[b], g1 = dQContinue == null ? 0f : dQContinue[b];
            gb[0] += g0;
            gb[1] += g1;
            for (int d = 0; d < hidden; d++) {
                dz[z + d] += g0 * w[d] + g1 * w[hidden + d];
                gw[d] += g0 * zH[z + d];
                gw[hidden + d] += g1 * zH[z + d];
            }
        }
        if (recursion != null) {
            recursion.backward(ws, dz);
            foldPartials(ws);
            embedBackward(ws);
            return;
        }
        int L = config.L_cycles();
        // z_H = f(z_H_prev, z_L): the gradient reaches z_L only (z_H_prev comes from the no-grad cycles).
        float[] du = applyBackward(ws, application(ws, L), dz);
        java.util.Arrays.fill(ws.dx, 0f);
        for (int l = L - 1; l >= 0; l--) {
            // z_L = f(z_L_prev, z_H + X): the injection's gradient goes to X; z_L_prev's continues down the chain.
            du = applyBackward(ws, application(ws, l), du);
            Ops.addInPlace(ws.dx, 0, du, 0, n);
        }
        foldPartials(ws);
        embedBackward(ws);
    }

    /** Chunked backward: grad += partial of chunk 0, then of chunk 1, … (per element, always this order). */
    private static void foldPartials(Workspace ws) {
        GradSink[] parts = ws.partials();
        if (parts == null) return;
        int grain = 1 << 14;
        List<Runnable> tasks = new ArrayList<>();
        for (Param q : ws.blockParams)
            for (int from = 0; from < q.size(); from += grain) {
                int f = from, len = Math.min(grain, q.size() - from);
                tasks.add(() -> { for (GradSink part : parts) Ops.addInPlace(q.grad, f, part.of(q), f, len); });
            }
        Parallel.forEach(tasks.size(), i -> tasks.get(i).run());
    }

    /**
     * The cached activations of application l of the last H cycle; with recompute_activations, its forward pass
     * run again from the saved input (the same operations on the same input: the same activations, bit for bit).
     */
    private Workspace.Application application(Workspace ws, int l) {
        if (ws.savedU == null) return ws.apps[l];
        Workspace.Application app = ws.apps[0];
        Parallel.forSlices(ws.batch, (b0, b1) -> {
            int o = b0 * seq * hidden, n = (b1 - b0) * seq * hidden;
            System.arraycopy(ws.savedU[l], o, app.u, o, n);
            blocks(app, b0, b1);
        });
        return app;
    }

    /**
     * Back-propagates one application; returns the gradient w.r.t. its input u = state + injection. Each thread
     * takes the input gradients of its slice of the batch through every block; then the weight gradients, which
     * sum over the whole batch, run block by block.
     */
    private float[] applyBackward(Workspace ws, Workspace.Application app, float[] dOut) {
        return applyBackward(ws, blocks, app, dOut);
    }

    /** {@link #applyBackward} through the blocks of a stack. */
    float[] applyBackward(Workspace ws, List<TrmBlock> stack, Workspace.Application app, float[] dOut) {
        int nb = stack.size();
        GradSink[] parts = ws.partials();
        // Chunked: each chunk of items goes through every block, its weight gradients right after its input
        // gradients, into its own buffers. Else one slice of items per thread, then whole-batch weight gradients.
        Parallel.forSlices(parts != null ? parts.length : ws.batch, (u0, u1) -> {
            for (int u = u0; u < u1; u = parts != null ? u + 1 : u1) {
                int b0 = parts != null ? u * ws.gradChunk : u0;
                int b1 = parts != null ? Math.min(ws.batch, b0 + ws.gradChunk) : u1;
                float[] g = dOut;
                for (int i = nb - 1; i >= 0; i--) {
                    float[] dst = g == ws.dA ? ws.dB : ws.dA;
                    stack.get(i).backwardInput(g, app.blocks[i], dst, b0, b1);
                    if (parts != null) stack.get(i).backwardWeights(blockInput(app, i), app.blocks[i], b0, b1, parts[u]);
                    g = dst;
                }
            }
        });
        if (parts == null) for (int i = nb - 1; i >= 0; i--) stack.get(i).backwardWeights(blockInput(app, i), app.blocks[i]);
        float[] g = dOut;
        for (int i = 0; i < nb; i++) g = g == ws.dA ? ws.dB : ws.dA;
        return g;
    }

    /** The input of block i in an application: u for the first, the previous block's output after. */
    private static float[] blockInput(Workspace.Application app, int i) { return i == 0 ? app.u : app.blocks[i - 1].out; }

    private void embedBackward(Workspace ws) {
        int B = ws.batch, ndim = config.puzzle_emb_ndim();
        float[] dx = ws.dx, ge = embedTokens.grad;
        for (int i = 0; i < dx.length; i++) dx[i] = embedScale * dx[i];
        if (embedPos != null) {
            float[] gp = embedPos.grad;
            for (int i = 0; i < dx.length; i++) dx[i] = LEARNED_MIX * dx[i];
            for (int b = 0; b < B; b++)
                for (int i = 0; i < seq * hidden; i++) gp[i] += dx[b * seq * hidden + i];
        }
        for (int b = 0; b < B; b++) {
            int base = b * seq * hidden;
            if (ndim > 0) System.arraycopy(dx, base, ws.puzzleGrad, b * ndim, ndim);
            for (int t = 0; t < tokens; t++) {
                int tok = ws.lastInputs[b * tokens + t], src = base + (plen + t) * hidden;
                for (int d = 0; d < hidden; d++) ge[tok * hidden + d] += dx[src + d];
            }
        }
    }
}
