package trm4j.tensor;

import java.util.Arrays;

/**
 * A row-major float32 tensor: a {@code float[]}, an offset into it and a shape. Views ({@link #view},
 * {@link #slice}) share the array without copying.
 */
public final class Tensor {
    public final float[] data;
    public final int offset;
    private final int[] shape;
    private final int size;

    public Tensor(float[] data, int offset, int... shape) {
        this.data = data;
        this.offset = offset;
        this.shape = shape.clone();
        this.size = sizeOf(shape);
        if (offset < 0 || offset + size > data.length)
            throw new IllegalArgumentException("tensor " + Arrays.toString(shape) + " at offset " + offset
                    + " does not fit in an array of " + data.length);
    }

    public static Tensor zeros(int... shape) { return new Tensor(new float[sizeOf(shape)], 0, shape); }

    public static Tensor of(float[] data, int... shape) {
        if (data.length != sizeOf(shape))
            throw new IllegalArgumentException(data.length + " values do not make a tensor of shape " + Arrays.toString(shape));
        return new Tensor(data, 0, shape);
    }

    public static int sizeOf(int... shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            n *= d;
        }
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("tensor too large: " + Arrays.toString(shape));
        return (int) n;
    }

    public int[] shape() { return shape.clone(); }
    public int rank() { return shape.length; }
    public int dim(int i) { return shape[i < 0 ? shape.length + i : i]; }
    public int size() { return size; }

    /** Same elements, another shape of the same size (no copy). */
    public Tensor view(int... newShape) {
        if (sizeOf(newShape) != size)
            throw new IllegalArgumentException("cannot view " + Arrays.toString(shape) + " as " + Arrays.toString(newShape));
        return new Tensor(data, offset, newShape);
    }

    /** Index i along the first axis (no copy). */
    public Tensor slice(int i) {
        if (i < 0 || i >= shape[0]) throw new IndexOutOfBoundsException(i + " not in [0, " + shape[0] + ")");
        int[] rest = Arrays.copyOfRange(shape, 1, shape.length);
        return new Tensor(data, offset + i * sizeOf(rest), rest);
    }

    public float get(int... idx) { return data[offset + flat(idx)]; }
    public void set(float v, int... idx) { data[offset + flat(idx)] = v; }

    private int flat(int[] idx) {
        if (idx.length != shape.length) throw new IllegalArgumentException("need " + shape.length + " indices");
        int f = 0;
        for (int d = 0; d < idx.length; d++) {
            if (idx[d] < 0 || idx[d] >= shape[d]) throw new IndexOutOfBoundsException("index " + Arrays.toString(idx) + " outside " + Arrays.toString(shape));
            f = f * shape[d] + idx[d];
        }
        return f;
    }

    /** A copy of the elements as a fresh array. */
    public float[] toArray() { return Arrays.copyOfRange(data, offset, offset + size); }

    public Tensor copy() { return new Tensor(toArray(), 0, shape); }

    public void fill(float v) { Arrays.fill(data, offset, offset + size, v); }

    public void copyFrom(Tensor src) {
        if (src.size != size) throw new IllegalArgumentException("size mismatch " + src.size + " vs " + size);
        System.arraycopy(src.data, src.offset, data, offset, size);
    }

    @Override
    public String toString() { return "Tensor" + Arrays.toString(shape); }
}
