package trm4j.nn;

import java.util.Arrays;

/**
 * A named float32 tensor of the model with its gradient buffer (same length). Names are the official
 * state_dict keys (e.g. {@code model.inner.L_level.layers.0.mlp.gate_up_proj.weight}); {@code grad} is null
 * for buffers that are never trained (H_init, L_init, the puzzle-embedding table, whose gradient is per row).
 */
public final class Param {
    public final String name;
    private final int[] shape;
    public final float[] value;
    public final float[] grad;

    public Param(String name, boolean trainable, int... shape) {
        this.name = name;
        this.shape = shape.clone();
        int n = 1;
        for (int d : shape) n = Math.multiplyExact(n, d);
        this.value = new float[n];
        this.grad = trainable ? new float[n] : null;
    }

    public int[] shape() { return shape.clone(); }
    public int size() { return value.length; }
    public boolean trainable() { return grad != null; }

    public void zeroGrad() { if (grad != null) Arrays.fill(grad, 0f); }

    @Override
    public String toString() { return name + Arrays.toString(shape); }
}
