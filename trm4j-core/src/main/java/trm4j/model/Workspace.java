package trm4j.model;

import trm4j.nn.GradSink;
import trm4j.nn.Param;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every activation and scratch buffer of one model at one batch size, allocated once: the embedded input, the
 * injection, the caches of the last H cycle's L_cycles + 1 network applications (with recompute_activations: their
 * inputs and one cache, refilled for each during the backward pass), one scratch application for
 * the gradient-free cycles, the head outputs and the backward buffers. Steady-state steps allocate nothing.
 */
public final class Workspace {
    public final int batch;
    final float[] x;          // [B, S, D] embedded input
    final float[] inject;     // [B, S, D] z_H + X
    final Application scratch;
    final Application scratchH; // variants with an H_level: its gradient-free applications, else null
    final Application[] apps; // L_cycles + 1, or 1 when the activations are recomputed; variants: one per gradient application
    final float[][] gOut;     // variants: the output gradient of each gradient application [B, S, D], else null
    final float[] sumS, sumI; // variants: the summed state and injection terms [B, S, D], else null
    final float[][] savedU;   // recompute_activations: the input u of each of the L_cycles + 1 applications, else null
    /** Batch items per chunk of the chunked backward pass ({@link TrmModel#gradChunk}); 0: not chunked. */
    final int gradChunk;
    private GradSink[] partials;     // see partials()
    final List<Param> blockParams;   // the parameters the partials cover, in model order
    public final float[] logits;     // [B, L, V]
    public final float[] qHalt;      // [B]
    public final float[] qContinue;  // [B]
    final float[] dA, dB, dx;        // [B, S, D]
    public final float[] puzzleGrad; // [B, ndim]
    int[] lastInputs;
    /** When non-null, the output of every network application is appended (parity traces). */
    public List<float[]> trace;

    Workspace(TrmModel m, int batch) { this(m, batch, TrmModel.gradChunk(m.config, batch)); }

    /** With an explicit chunking of the backward pass: items per chunk, or 0 for whole-batch weight gradients. */
    Workspace(TrmModel m, int batch, int gradChunk) {
        if (gradChunk < 0) throw new IllegalArgumentException("gradChunk must be >= 0, got " + gradChunk);
        this.batch = batch;
        int n = batch * m.seq * m.hidden;
        x = new float[n];
        inject = new float[n];
        boolean recompute = m.config.recompute_activations();
        if (m.recursion != null) {
            List<Variant.Apply> grad = m.recursion.gradApplies;
            apps = new Application[grad.size()];
            for (int i = 0; i < apps.length; i++) apps[i] = new Application(m.level(grad.get(i).hLevel()), batch, n);
            scratch = m.blocks.isEmpty() ? null : new Application(m.blocks, batch, n);
            scratchH = m.hBlocks.isEmpty() ? null : new Application(m.hBlocks, batch, n);
            gOut = new float[apps.length][n];
            sumS = new float[n];
            sumI = new float[n];
        } else {
            apps = new Application[recompute ? 1 : m.config.L_cycles() + 1];
            for (int i = 0; i < apps.length; i++) apps[i] = new Application(m.blocks, batch, n);
            // Recomputing, the forward pass keeps no activations and the backward refills apps[0]: one cache serves both.
            scratch = recompute ? apps[0] : new Application(m.blocks, batch, n);
            scratchH = null;
            gOut = null;
            sumS = sumI = null;
        }
        savedU = recompute ? new float[m.config.L_cycles() + 1][n] : null;
        this.gradChunk = gradChunk;
        blockParams = m.blockParams();
        logits = new float[batch * m.tokens * m.vocab];
        qHalt = new float[batch];
        qContinue = new float[batch];
        dA = new float[n];
        dB = new float[n];
        dx = new float[n];
        puzzleGrad = new float[batch * Math.max(0, m.config.puzzle_emb_ndim())];
    }

    /**
     * Chunked backward pass: per chunk, a weight-gradient buffer for every block parameter, allocated at the first
     * backward pass (evaluation never needs them); null when the backward pass is not chunked.
     */
    GradSink[] partials() {
        if (gradChunk == 0 || partials != null) return partials;
        partials = new GradSink[(batch + gradChunk - 1) / gradChunk];
        for (int c = 0; c < partials.length; c++) {
            Map<Param, float[]> buffers = new IdentityHashMap<>();
            for (Param q : blockParams) buffers.put(q, new float[q.size()]);
            partials[c] = buffers::get;
        }
        return partials;
    }

    /** The embedded input X of the last forward: [B, S, D]. */
    public float[] inputEmbeddings() { return x; }

    /** One application of the network: its input u = state + injection and each block's cache. */
    static final class Application {
        final float[] u;
        final TrmBlock.Cache[] blocks;

        Application(List<TrmBlock> stack, int batch, int n) {
            u = new float[n];
            blocks = new TrmBlock.Cache[stack.size()];
            for (int i = 0; i < blocks.length; i++) blocks[i] = stack.get(i).new Cache(batch);
        }
    }
}
