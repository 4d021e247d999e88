package trm4j.data;

/**
 * xoshiro256** with SplitMix64 seeding: the sampler's own generator (numpy's Philox stream cannot be matched
 * without reimplementing numpy's bounded-integer algorithms, and exact resume needs a state we can save: 4 longs).
 */
public final class SamplerRng implements java.util.random.RandomGenerator {
    private long s0, s1, s2, s3;

    public SamplerRng(long seed) {
        long x = seed;
        s0 = splitMix(x += 0x9E3779B97F4A7C15L);
        s1 = splitMix(x += 0x9E3779B97F4A7C15L);
        s2 = splitMix(x += 0x9E3779B97F4A7C15L);
        s3 = splitMix(x + 0x9E3779B97F4A7C15L);
        if ((s0 | s1 | s2 | s3) == 0) s0 = 1;   // the all-zero state is a fixed point
    }

    static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, bound), unbiased (rejection on the top 63 bits). */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive: " + bound);
        long b = bound;
        while (true) {
            long r = nextLong() >>> 1;
            long v = r % b;
            if (r - v + (b - 1) >= 0) return (int) v;
        }
    }

    public void state(long[] dst, int off) {
        dst[off] = s0;
        dst[off + 1] = s1;
        dst[off + 2] = s2;
        dst[off + 3] = s3;
    }

    public void setState(long[] src, int off) {
        s0 = src[off];
        s1 = src[off + 1];
        s2 = src[off + 2];
        s3 = src[off + 3];
        if ((s0 | s1 | s2 | s3) == 0) throw new IllegalArgumentException("invalid sampler RNG state (all zero)");
    }

    /** Uniform in [0, 1) with 24 random bits, as a float32 draw. */
    public float nextFloat() { return (nextLong() >>> 40) * 0x1.0p-24f; }
}
