package trm4j.nn;

import trm4j.tensor.Gemm;
import trm4j.tensor.PackedB;

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

    /**
     * A weight [out, in] packed for y = x·Wᵀ ({@code packedT}) and dx = dy·W ({@code packedN}) while a model pass
     * runs ({@link #pack}), else null: {@link Linear} then multiplies with the packs instead of packing W per call.
     * Dropped packs keep their panels for the next pass ({@code spareT}, {@code spareN}): a pass allocates nothing.
     */
    PackedB packedT, packedN;
    private PackedB spareT, spareN;

    /**
     * Packs this [out, in] weight for the products of {@link Linear}: for y = x·Wᵀ ({@code forward}) and/or for
     * dx = dy·W ({@code backward}); the packs not asked for are dropped.
     */
    public void pack(boolean forward, boolean backward) {
        if ((forward || backward) && shape.length != 2) throw new IllegalStateException(name + " is not a matrix");
        if (packedT != null) spareT = packedT;
        if (packedN != null) spareN = packedN;
        packedT = forward ? Gemm.pack(true, value, 0, shape[1], shape[0], shape[1], spareT) : null;
        packedN = backward ? Gemm.pack(false, value, 0, shape[1], shape[1], shape[0], spareN) : null;
    }

    /** Whether {@link #pack} has packed this weight. */
    public boolean packed() { return packedT != null || packedN != null; }

    public int[] shape() { return shape.clone(); }
    public int size() { return value.length; }
    public boolean trainable() { return grad != null; }

    public void zeroGrad() { if (grad != null) Arrays.fill(grad, 0f); }

    @Override
    public String toString() { return name + Arrays.toString(shape); }
}
