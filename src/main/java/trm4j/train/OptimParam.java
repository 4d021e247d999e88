package trm4j.train;

import java.util.Arrays;

/**
 * One trainable tensor as the optimizers and the EMA see it: its official name, shape, the live values and
 * the gradient buffer of the same length. A {@code null} grad means "no gradient this step" (the official
 * optimizer then skips the tensor entirely: no decay, no moment update, no step count).
 */
public record OptimParam(String name, int[] shape, float[] value, float[] grad) {
    public OptimParam {
        long n = 1;
        for (int d : shape) n *= d;
        if (n != value.length)
            throw new IllegalArgumentException("parameter " + name + ": shape " + Arrays.toString(shape)
                    + " needs " + n + " values, got " + value.length);
        if (grad != null && grad.length != value.length)
            throw new IllegalArgumentException("parameter " + name + ": grad has " + grad.length
                    + " values, value has " + value.length);
    }

    public int numel() { return value.length; }
}
