package trm4j.data.arc;

import java.util.List;

/**
 * Exact emulation of numpy's legacy global generator ({@code np.random.seed(int)} then
 * {@code random_sample}, {@code randint}, {@code shuffle}, {@code permutation}), which the official ARC
 * builder draws every random choice from. Written from the algorithms: MT19937 with Knuth's
 * initialisation for an integer seed, 53-bit doubles from two 32-bit words, and bounded integers by
 * masked rejection on 32-bit words whenever the range fits 32 bits (64-bit words otherwise).
 * Not thread-safe (like the global numpy state it mirrors).
 */
public final class LegacyRandomState {
    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    private final int[] key = new int[N];
    private int pos;

    public LegacyRandomState(long seed) { seed(seed); }

    /** {@code np.random.seed(seed)} for an integer seed in [0, 2^32). */
    public void seed(long seed) {
        if (seed < 0 || seed > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("seed " + seed + " is outside 0..4294967295; pass a 32-bit unsigned seed");
        }
        int s = (int) seed;
        for (int i = 0; i < N; i++) {
            key[i] = s;
            s = 1812433253 * (s ^ (s >>> 30)) + i + 1;
        }
        pos = N;
    }

    private void generate() {
        int i = 0;
        for (; i < N - M; i++) {
            int y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
            key[i] = key[i + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        for (; i < N - 1; i++) {
            int y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
            key[i] = key[i + (M - N)] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        int y = (key[N - 1] & UPPER_MASK) | (key[0] & LOWER_MASK);
        key[N - 1] = key[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        pos = 0;
    }

    /** The next tempered 32-bit word, as an unsigned value in an int. */
    public int nextUint32() {
        if (pos == N) generate();
        int y = key[pos++];
        y ^= (y >>> 11);
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= (y >>> 18);
        return y;
    }

    /** Two words, high word first (numpy's next_uint64 for MT19937). */
    public long nextUint64() {
        long hi = Integer.toUnsignedLong(nextUint32());
        return (hi << 32) | Integer.toUnsignedLong(nextUint32());
    }

    /** {@code random_sample()}: a double in [0, 1) with 53 random bits. */
    public double randomSample() {
        int a = nextUint32() >>> 5;
        int b = nextUint32() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** Smallest all-ones mask covering {@code max}. */
    private static long mask(long max) {
        long m = max;
        m |= m >>> 1;
        m |= m >>> 2;
        m |= m >>> 4;
        m |= m >>> 8;
        m |= m >>> 16;
        m |= m >>> 32;
        return m;
    }

    /** Uniform integer in [0, max] (inclusive) by masked rejection; max = 0 draws nothing. */
    public long interval(long max) {
        if (max < 0) throw new IllegalArgumentException("interval max " + max + " is negative");
        if (max == 0) return 0;
        long m = mask(max);
        if (max <= 0xFFFFFFFFL) {
            long v;
            do {
                v = Integer.toUnsignedLong(nextUint32()) & m;
            } while (v > max);
            return v;
        }
        long v;
        do {
            v = nextUint64() & m;
        } while (Long.compareUnsigned(v, max) > 0);
        return v;
    }

    /**
     * {@code randint(low, high)}: uniform in [low, high). Same draws as numpy's scalar path (range
     * {@code high - 1 - low}; zero range consumes nothing; a full 32-bit range takes one word unmasked).
     */
    public long randint(long low, long high) {
        if (high <= low) {
            throw new IllegalArgumentException("randint: low >= high (" + low + " >= " + high + "); pass high > low");
        }
        long rng = high - 1 - low;
        if (rng == 0xFFFFFFFFL) return low + Integer.toUnsignedLong(nextUint32());
        return low + interval(rng);
    }

    /** {@code randint(0, high)} as an int. */
    public int randint(int high) { return (int) randint(0, high); }

    /** {@code shuffle} of a list in place: Fisher-Yates from the last index down. */
    public <T> void shuffle(List<T> x) {
        for (int i = x.size() - 1; i >= 1; i--) {
            int j = (int) interval(i);
            T t = x.get(i);
            x.set(i, x.get(j));
            x.set(j, t);
        }
    }

    /** {@code shuffle} of an int array in place (same order of draws as for any 1-d array). */
    public void shuffle(int[] x) {
        for (int i = x.length - 1; i >= 1; i--) {
            int j = (int) interval(i);
            int t = x[i];
            x[i] = x[j];
            x[j] = t;
        }
    }

    /** {@code permutation(n)}: a shuffled copy of 0..n-1. */
    public int[] permutation(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        shuffle(a);
        return a;
    }
}
