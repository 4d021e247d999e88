package trm4j.model;

import trm4j.nn.Attention;
import trm4j.nn.GradSink;
import trm4j.nn.Param;
import trm4j.nn.Rope;
import trm4j.nn.SwiGlu;
import trm4j.nn.TokenMixer;
import trm4j.tensor.Ops;

import java.util.ArrayList;
import java.util.List;

/**
 * One post-norm block: h ← RMS(h + Attn(h)) (or the mlp_t token mixer), then h ← RMS(h + SwiGLU(h)).
 * Official names: {@code model.inner.<L_level|H_level>.layers.<i>.{self_attn|mlp_t|mlp}.*}.
 */
final class TrmBlock {
    final Attention attn;      // null for mlp_t
    final TokenMixer mixer;    // null for attention
    final SwiGlu mlp;
    final int hidden, seq;
    final float eps;

    TrmBlock(TrmConfig c, String level, int index, Rope rope) {
        String p = "model.inner." + level + ".layers." + index;
        hidden = c.hidden_size();
        seq = c.totalSeqLen();
        eps = (float) c.rms_norm_eps();
        if (c.mlp_t()) {
            mixer = new TokenMixer(p + ".mlp_t", hidden, seq, c.expansion(), eps);
            attn = null;
        } else {
            attn = new Attention(p + ".self_attn", hidden, c.num_heads(), seq, rope);
            mixer = null;
        }
        mlp = new SwiGlu(p + ".mlp", hidden, c.expansion());
    }

    List<Param> params() {
        List<Param> l = new ArrayList<>();
        if (attn != null) { l.add(attn.qkv); l.add(attn.o); }
        else { l.add(mixer.mlp.gateUp); l.add(mixer.mlp.down); }
        l.add(mlp.gateUp);
        l.add(mlp.down);
        return l;
    }

    /** Everything one application of this block keeps for its backward pass; {@link #out} is its output. */
    final class Cache {
        final int batch;
        final Attention.Cache attnCache;
        final TokenMixer.Cache mixerCache;
        final SwiGlu.Cache mlpCache;
        final float[] h1;      // [B, S, D] after the first sub-layer
        final float[] r1;      // [B·S]
        final float[] out;     // [B, S, D]
        final float[] r2;      // [B·S]

        Cache(int batch) {
            this.batch = batch;
            int n = batch * seq;
            attnCache = attn != null ? attn.new Cache(batch) : null;
            mixerCache = mixer != null ? mixer.new Cache(batch) : null;
            mlpCache = mlp.new Cache(n);
            h1 = new float[n * hidden];
            r1 = attn != null ? new float[n] : null;
            out = new float[n * hidden];
            r2 = new float[n];
        }
    }

    // x: [B, S, D] → c.out: [B, S, D]
    void forward(float[] x, Cache c) { forward(x, c, 0, c.batch); }

    /** The forward of batch items [b0, b1) only (items are independent). */
    // x: [B, S, D] → c.out: [B, S, D]
    void forward(float[] x, Cache c, int b0, int b1) {
        int r0 = b0 * seq, rows = (b1 - b0) * seq, o = r0 * hidden;
        if (attn != null) {
            attn.forward(x, 0, c.out, 0, c.attnCache, b0, b1);                  // out used as scratch for Attn(x)
            Ops.addRmsNorm(x, o, c.out, o, c.h1, o, c.r1, r0, rows, hidden, eps);
        } else {
            mixer.forward(x, 0, c.h1, 0, c.mixerCache, b0, b1);
        }
        mlp.forward(c.h1, 0, c.out, 0, c.mlpCache, r0, r0 + rows);
        Ops.addRmsNorm(c.h1, o, c.out, o, c.out, o, c.r2, r0, rows, hidden, eps);
    }

    // gMlp: d(h1 + mlp(h1)), the SwiGLU's output gradient; gAttn: d(x + attn(x)); dh1: gradient w.r.t. h1
    private float[] gMlp = new float[0], gAttn = new float[0], dh1 = new float[0];

    /** dx = gradient w.r.t. the block input x (overwritten), from dOut = gradient w.r.t. c.out. */
    // dOut, x, dx: [B, S, D]
    void backward(float[] dOut, float[] x, Cache c, float[] dx) {
        backwardInput(dOut, c, dx, 0, c.batch);
        backwardWeights(x, c);
    }

    /**
     * The input-gradient part of {@link #backward} for batch items [b0, b1); every item's must run before
     * {@link #backwardWeights}, which reads the output gradients it keeps.
     */
    // dOut, dx: [B, S, D]
    void backwardInput(float[] dOut, Cache c, float[] dx, int b0, int b1) {
        int r0 = b0 * seq, rows = (b1 - b0) * seq, o = r0 * hidden, size = rows * hidden;
        scratch(c.batch * seq * hidden);
        Ops.rmsNormBackward(dOut, o, c.out, o, c.r2, r0, gMlp, o, rows, hidden);
        System.arraycopy(gMlp, o, dh1, o, size);
        mlp.backwardInput(gMlp, 0, c.mlpCache, dh1, 0, true, r0, r0 + rows);
        if (attn != null) {
            Ops.rmsNormBackward(dh1, o, c.h1, o, c.r1, r0, gAttn, o, rows, hidden);
            System.arraycopy(gAttn, o, dx, o, size);
            attn.backwardInput(gAttn, 0, c.attnCache, dx, 0, true, b0, b1);
        } else {
            mixer.backwardInput(dh1, 0, c.mixerCache, dx, 0, b0, b1);
        }
    }

    /** The weight-gradient part of {@link #backward}, over the whole batch (x: the block input). */
    // x: [B, S, D]
    void backwardWeights(float[] x, Cache c) { backwardWeights(x, c, 0, c.batch, GradSink.PARAMS); }

    /** The weight gradients of batch items [b0, b1) only (after their {@link #backwardInput}), into {@code g}. */
    // x: [B, S, D]
    void backwardWeights(float[] x, Cache c, int b0, int b1, GradSink g) {
        mlp.backwardWeights(gMlp, 0, c.h1, 0, c.mlpCache, b0 * seq, b1 * seq, g);
        if (attn != null) attn.backwardWeights(gAttn, 0, x, 0, c.attnCache, b0, b1, g);
        else mixer.backwardWeights(c.mixerCache, b0, b1, g);
    }

    private synchronized void scratch(int size) {
        if (gMlp.length < size) {
            gMlp = new float[size];
            dh1 = new float[size];
            gAttn = attn != null ? new float[size] : gAttn;
        }
    }
}
