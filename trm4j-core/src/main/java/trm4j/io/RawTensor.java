package trm4j.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A stored tensor as read from or written to a file: element type, shape and the raw little-endian,
 * row-major bytes. Conversions widen (bf16/f16 → f32) or narrow as named.
 */
public record RawTensor(DType dtype, int[] shape, ByteBuffer data) {

    public RawTensor {
        shape = shape.clone();
        data = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long need = (long) numel(shape) * dtype.bytes;
        if (data.remaining() != need)
            throw new IllegalArgumentException(dtype + Arrays.toString(shape) + " needs " + need + " bytes, got " + data.remaining());
    }

    public static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("tensor too large: " + Arrays.toString(shape));
        return (int) n;
    }

    public int numel() { return numel(shape); }

    @Override
    public int[] shape() { return shape.clone(); }

    private ByteBuffer buf() { return data.duplicate().order(ByteOrder.LITTLE_ENDIAN); }

    public float[] toFloats() {
        int n = numel();
        float[] out = new float[n];
        ByteBuffer b = buf();
        int p = b.position();
        switch (dtype) {
            case F32 -> b.asFloatBuffer().get(out);
            case F64 -> { for (int i = 0; i < n; i++) out[i] = (float) b.getDouble(p + 8 * i); }
            case BF16 -> { for (int i = 0; i < n; i++) out[i] = Float.intBitsToFloat((b.getShort(p + 2 * i) & 0xffff) << 16); }
            case F16 -> { for (int i = 0; i < n; i++) out[i] = Float.float16ToFloat(b.getShort(p + 2 * i)); }
            default -> { long[] l = toLongs(); for (int i = 0; i < n; i++) out[i] = l[i]; }
        }
        return out;
    }

    public double[] toDoubles() {
        if (dtype != DType.F64) {
            float[] f = toFloats();
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) d[i] = f[i];
            return d;
        }
        double[] out = new double[numel()];
        buf().asDoubleBuffer().get(out);
        return out;
    }

    public long[] toLongs() {
        int n = numel();
        long[] out = new long[n];
        ByteBuffer b = buf();
        int p = b.position();
        switch (dtype) {
            case I64 -> b.asLongBuffer().get(out);
            case I32 -> { for (int i = 0; i < n; i++) out[i] = b.getInt(p + 4 * i); }
            case I16 -> { for (int i = 0; i < n; i++) out[i] = b.getShort(p + 2 * i); }
            case I8 -> { for (int i = 0; i < n; i++) out[i] = b.get(p + i); }
            case U8, BOOL -> { for (int i = 0; i < n; i++) out[i] = b.get(p + i) & 0xff; }
            default -> throw new IllegalArgumentException("cannot read " + dtype + " as integers");
        }
        return out;
    }

    public int[] toInts() {
        long[] l = toLongs();
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            if (l[i] != (int) l[i]) throw new IllegalArgumentException("value " + l[i] + " does not fit in int32");
            out[i] = (int) l[i];
        }
        return out;
    }

    private static ByteBuffer alloc(long bytes) {
        return ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
    }

    public static RawTensor ofFloats(float[] v, int... shape) {
        ByteBuffer b = alloc(4L * v.length);
        b.asFloatBuffer().put(v);
        return new RawTensor(DType.F32, shape, b);
    }

    public static RawTensor ofDoubles(double[] v, int... shape) {
        ByteBuffer b = alloc(8L * v.length);
        b.asDoubleBuffer().put(v);
        return new RawTensor(DType.F64, shape, b);
    }

    public static RawTensor ofInts(int[] v, int... shape) {
        ByteBuffer b = alloc(4L * v.length);
        b.asIntBuffer().put(v);
        return new RawTensor(DType.I32, shape, b);
    }

    public static RawTensor ofLongs(long[] v, int... shape) {
        ByteBuffer b = alloc(8L * v.length);
        b.asLongBuffer().put(v);
        return new RawTensor(DType.I64, shape, b);
    }

    /** Rounds each value to bfloat16, nearest-even (as torch's float32 → bfloat16 cast; NaN stays NaN). */
    public static RawTensor ofBf16(float[] v, int... shape) {
        ByteBuffer b = alloc(2L * v.length);
        for (int i = 0; i < v.length; i++) b.putShort(2 * i, (short) (bf16Bits(v[i]) & 0xffff));
        return new RawTensor(DType.BF16, shape, b);
    }

    static int bf16Bits(float f) {
        int u = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) return (u >>> 16) | 0x40;
        return (u + 0x7fff + ((u >>> 16) & 1)) >>> 16;
    }

    @Override
    public String toString() { return "RawTensor[" + dtype + Arrays.toString(shape) + "]"; }
}
