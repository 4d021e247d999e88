package trm4j.model;

import trm4j.nn.Attention;
import trm4j.nn.Param;
import trm4j.nn.Rope;
import trm4j.nn.SwiGlu;
import trm4j.nn.TokenMixer;
import trm4j.tensor.Ops;

import java.util.ArrayList;
import java.util.List;

/**
 * One post-norm block: h ← RMS(h + Attn(h)) (or the mlp_t token mixer), then h ← RMS(h + SwiGLU(h)).
 * Official names: {@code model.inner.L_level.layers.<i>.{self_attn|mlp_t|mlp}.*}.
 */
final class TrmBlock {
    final Attention attn;      // null for mlp_t
    final TokenMixer mixer;    // null for attention
    final SwiGlu mlp;
    final int hidden, seq;
    final float eps;

    TrmBlock(TrmConfig c, int index, Rope rope) {
        String p = "model.inner.L_level.layers." + index;
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
    void forward(float[] x, Cache c) {
        int n = c.batch * seq;
        if (attn != null) {
            attn.forward(x, 0, c.out, 0, c.attnCache);                        // out used as scratch for Attn(x)
            Ops.addRmsNorm(x, 0, c.out, 0, c.h1, 0, c.r1, 0, n, hidden, eps);
        } else {
            mixer.forward(x, 0, c.h1, 0, c.mixerCache);
        }
        mlp.forward(c.h1, 0, c.out, 0, c.mlpCache);
        Ops.addRmsNorm(c.h1, 0, c.out, 0, c.out, 0, c.r2, 0, n, hidden, eps);
    }

    private float[] g = new float[0], dh1 = new float[0];

    /** dx = gradient w.r.t. the block input x (overwritten), from dOut = gradient w.r.t. c.out. */
    // dOut, x, dx: [B, S, D]
    void backward(float[] dOut, float[] x, Cache c, float[] dx) {
        int n = c.batch * seq, size = n * hidden;
        if (g.length < size) { g = new float[size]; dh1 = new float[size]; }
        Ops.rmsNormBackward(dOut, 0, c.out, 0, c.r2, 0, g, 0, n, hidden);       // g = d(h1 + m)
        System.arraycopy(g, 0, dh1, 0, size);
        mlp.backward(g, 0, c.h1, 0, c.mlpCache, dh1, 0, true);
        if (attn != null) {
            Ops.rmsNormBackward(dh1, 0, c.h1, 0, c.r1, 0, g, 0, n, hidden);     // g = d(x + a)
            System.arraycopy(g, 0, dx, 0, size);
            attn.backward(g, 0, x, 0, c.attnCache, dx, 0, true);
        } else {
            mixer.backward(dh1, 0, c.mixerCache, dx, 0);
        }
    }
}
