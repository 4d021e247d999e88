package trm4j.train;

import trm4j.io.RawTensor;
import trm4j.nn.Param;
import trm4j.tensor.Ops;
import trm4j.tensor.Parallel;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamATan2 exactly as the PyPI package {@code adam-atan2} 0.0.3 computes it: decoupled weight
 * decay first, moments by fused lerp, then {@code p -= lr/bc1 · atan2(m, √v / √bc2)}. No epsilon, one
 * parameter group, weight decay on every trainable tensor (every {@link Param} with a gradient buffer). Per-tensor state: step counter {@code t} (float32, as the
 * official {@code state["step"]}), first and second moments.
 */
public final class AdamAtan2 {
    /** Elements per parallel task (element-wise, so any split is exact). */
    private static final int CHUNK = 1 << 14;

    private final double beta1, beta2, weightDecay;
    private final Map<String, State> state = new LinkedHashMap<>();

    /** Moments and step count of one tensor. {@code m}, {@code v}: same length as the parameter. */
    public static final class State {
        float step;
        final float[] m, v;

        State(int n) { m = new float[n]; v = new float[n]; }

        public float step() { return step; }
        public float[] expAvg() { return m; }
        public float[] expAvgSq() { return v; }
    }

    public AdamAtan2(double beta1, double beta2, double weightDecay) {
        if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        if (!(weightDecay >= 0)) throw new IllegalArgumentException("weight_decay must be >= 0, got " + weightDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.weightDecay = weightDecay;
    }

    /**
     * One optimizer step over every tensor that has a gradient, with learning rate {@code lr}. The element-wise
     * updates of all tensors run as one parallel pass over chunks of at most {@link #CHUNK} elements (a small
     * model's tensors are each below one chunk, and its step is mostly atan2: one fork for all of them).
     */
    public void step(List<Param> params, double lr) {
        if (!(lr >= 0)) throw new IllegalArgumentException("learning rate must be >= 0, got " + lr);
        List<Runnable> chunks = new java.util.ArrayList<>();
        for (Param p : params) {
            if (p.grad == null) continue; // a buffer (H_init, L_init, puzzle table): not an AdamATan2 parameter
            State s = state.computeIfAbsent(p.name, k -> new State(p.size()));
            if (s.m.length != p.size())
                throw new IllegalStateException("optimizer state of " + p.name + " has " + s.m.length
                        + " elements, parameter has " + p.size());
            s.step += 1f;
            // Scalars in double, then rounded to float32, as the kernel's functor does.
            double bc1 = 1 - StrictMath.pow(beta1, s.step);
            double bc2 = 1 - StrictMath.pow(beta2, s.step);
            float stepSize = (float) (lr / bc1);
            float decay = (float) (1 - lr * weightDecay);
            float bc2Sqrt = (float) Math.sqrt(bc2);
            float c1 = (float) (1 - beta1);
            float c2 = (float) (1 - beta2);
            float[] w = p.value, g = p.grad;
            for (int from = 0, n = w.length; from < n; from += CHUNK) {
                int f = from, t = Math.min(n, from + CHUNK);
                chunks.add(() -> Ops.adamAtan2(w, g, s.m, s.v, f, t, stepSize, decay, bc2Sqrt, c1, c2));
            }
        }
        Parallel.forEach(chunks.size(), i -> chunks.get(i).run());
    }

    /** The state of one tensor, or null before its first step. */
    public State state(String name) { return state.get(name); }

    /**
     * The whole state for a checkpoint: {@code step.<name>} F32 [], {@code exp_avg.<name>} and
     * {@code exp_avg_sq.<name>} F32 of the parameter's shape (flattened when unknown).
     */
    public Map<String, RawTensor> exportState(List<Param> params) {
        Map<String, RawTensor> out = new LinkedHashMap<>();
        for (Param p : params) {
            State s = state.get(p.name);
            if (s == null) continue;
            out.put("step." + p.name, RawTensor.ofFloats(new float[]{s.step}));
            out.put("exp_avg." + p.name, RawTensor.ofFloats(s.m.clone(), p.shape()));
            out.put("exp_avg_sq." + p.name, RawTensor.ofFloats(s.v.clone(), p.shape()));
        }
        return out;
    }

    /**
     * Replaces the state by the one exported by {@link #exportState}; entries under other prefixes are
     * ignored. A moment whose shape differs from its parameter's is an error naming the tensor.
     */
    public void importState(Map<String, RawTensor> tensors, List<Param> params) {
        Map<String, State> loaded = new LinkedHashMap<>();
        for (Param p : params) {
            RawTensor t = tensors.get("step." + p.name);
            if (t == null) continue;
            RawTensor m = require(tensors, "exp_avg." + p.name, p);
            RawTensor v = require(tensors, "exp_avg_sq." + p.name, p);
            State s = new State(p.size());
            s.step = t.toFloats()[0];
            System.arraycopy(m.toFloats(), 0, s.m, 0, s.m.length);
            System.arraycopy(v.toFloats(), 0, s.v, 0, s.v.length);
            loaded.put(p.name, s);
        }
        state.clear();
        state.putAll(loaded);
    }

    private static RawTensor require(Map<String, RawTensor> tensors, String key, Param p) {
        RawTensor t = tensors.get(key);
        if (t == null) throw new IllegalArgumentException("optimizer state: tensor " + key + " is missing (checkpoint incomplete; start from an earlier one)");
        if (t.numel() != p.size())
            throw new IllegalArgumentException("optimizer state: tensor " + key + " has shape " + Arrays.toString(t.shape())
                    + ", parameter has " + Arrays.toString(p.shape()) + " (checkpoint of a different model configuration)");
        return t;
    }

    public double beta1() { return beta1; }
    public double beta2() { return beta2; }
    public double weightDecay() { return weightDecay; }
}
