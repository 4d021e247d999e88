package trm4j.train;

import trm4j.io.RawTensor;
import trm4j.nn.Param;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exponential moving average of the trainable parameters, as the official {@code EMAHelper} (rate μ = 0.999):
 * the shadow starts as a copy of the weights and after every training batch becomes
 * {@code (1 − μ)·θ + μ·shadow}, each product and the sum rounded to float32 with both scalars rounded to
 * float32 first (PyTorch's tensor-times-Python-scalar). Covers the trainable parameters only (those with a
 * gradient buffer, like the official {@code requires_grad} filter): every method skips the others, so the
 * whole parameter list may be passed; not the puzzle embeddings, not H_init/L_init.
 */
public final class Ema {
    private final double rate;
    private final Map<String, float[]> shadow = new LinkedHashMap<>();

    /** Registers {@code params}: the shadow is a copy of their current values. */
    public Ema(double rate, List<Param> params) {
        if (!(rate >= 0 && rate <= 1)) throw new IllegalArgumentException("ema_rate must be in [0, 1], got " + rate);
        this.rate = rate;
        for (Param p : params) if (p.trainable()) shadow.put(p.name, p.value.clone());
    }

    public double rate() { return rate; }

    /** shadow ← (1 − μ)·θ + μ·shadow for every registered parameter. */
    public void update(List<Param> params) {
        float keep = (float) rate;
        float take = (float) (1.0 - rate);
        for (Param p : params) {
            if (!p.trainable()) continue;
            float[] s = shadowOf(p);
            float[] w = p.value;
            for (int i = 0; i < s.length; i++) s[i] = take * w[i] + keep * s[i];
        }
    }

    /** Overwrites the values of {@code params} with the shadow (to evaluate or save the EMA model). */
    public void copyTo(List<Param> params) {
        for (Param p : params) if (p.trainable()) System.arraycopy(shadowOf(p), 0, p.value, 0, p.size());
    }

    /** The shadow of one parameter (live array), or null if it was not registered. */
    public float[] shadow(String name) { return shadow.get(name); }

    /** All shadows by parameter name, in registration order (live arrays). */
    public Map<String, float[]> shadows() { return Collections.unmodifiableMap(shadow); }

    /** The shadow under the official parameter names, shaped like {@code params} (the {@code ema.*} entries of the training state). */
    public Map<String, RawTensor> exportState(List<Param> params) {
        Map<String, RawTensor> out = new LinkedHashMap<>();
        for (Param p : params) if (p.trainable()) out.put(p.name, RawTensor.ofFloats(shadowOf(p).clone(), p.shape()));
        return out;
    }

    /** Replaces the shadow of every parameter by the stored one; a missing or misshaped entry is an error. */
    public void importState(Map<String, RawTensor> tensors, List<Param> params) {
        for (Param p : params) {
            if (!p.trainable()) continue;
            RawTensor t = tensors.get(p.name);
            if (t == null)
                throw new IllegalArgumentException("EMA state: tensor " + p.name + " is missing (checkpoint of a run without ema, or incomplete)");
            if (t.numel() != p.size())
                throw new IllegalArgumentException("EMA state: tensor " + p.name + " has shape " + Arrays.toString(t.shape())
                        + ", parameter has " + Arrays.toString(p.shape()) + " (checkpoint of a different model configuration)");
            shadow.put(p.name, t.toFloats());
        }
    }

    private float[] shadowOf(Param p) {
        float[] s = shadow.get(p.name);
        if (s == null) throw new IllegalStateException("parameter " + p.name + " was not registered with the EMA");
        if (s.length != p.size()) throw new IllegalStateException("EMA shadow of " + p.name + " has " + s.length + " elements, parameter has " + p.size());
        return s;
    }
}
