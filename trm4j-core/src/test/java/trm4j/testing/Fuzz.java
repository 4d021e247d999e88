package trm4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A small mutation fuzzer for the file loaders: each case is a valid seed file changed by one to four random
 * mutations (truncate, flip bits, overwrite with boundary bytes or integers, insert, delete, duplicate, splice with
 * another seed, grow a number's digits, nest brackets), written to a file and loaded. The property: the load
 * returns normally, or throws a user error (IllegalArgumentException, IOException) with one line that
 * names the file; never another exception, never more than {@link #TIME_LIMIT_MS} ms, never more than
 * {@link #allocationBound} bytes allocated. Fixed seeds make every run the same; {@code -Dfuzz.cases=N} sets the
 * cases per loader (default {@value #DEFAULT_CASES}; a long run: 1000000). A failing input is saved under
 * {@code target/fuzz-failures/} so that it can be replayed.
 */
public final class Fuzz {
    private Fuzz() {}

    public static final int DEFAULT_CASES = 1000;
    public static final long TIME_LIMIT_MS = 10_000;

    /** Loads {@code file}; the result is discarded (or checked further by the loader itself). */
    @FunctionalInterface
    public interface Loader {
        void load(Path file) throws Exception;
    }

    /** What a run saw: cases, how many loaded, the slowest case and the largest allocation. */
    public record Report(String name, int cases, int accepted, long slowestMs, long maxAllocated) {
        @Override
        public String toString() {
            return String.format("fuzz %s: %d cases, %d accepted, %d refused with one line; slowest %d ms, most allocated %.1f MiB",
                    name, cases, accepted, cases - accepted, slowestMs, maxAllocated / 1048576.0);
        }
    }

    public static int cases() { return Integer.getInteger("fuzz.cases", DEFAULT_CASES); }

    /** Bytes a case may allocate: 64 MiB plus 256 bytes per input byte. */
    public static long allocationBound(int inputLength) { return (64L << 20) + 256L * inputLength; }

    private static final byte[] BYTES = {0, -1, 0x7f, (byte) 0x80, '"', '\'', '[', ']', '{', '}', ',', ':', '\n', '.', '-', 'e', ' '};
    private static final long[] INTS = {0, -1, 1, 0x7f, 0xff, 0x7fff, 0xffff, Integer.MAX_VALUE, Integer.MIN_VALUE, 1L << 31, 1L << 32,
            Long.MAX_VALUE, Long.MIN_VALUE, (1L << 62) + (1L << 60), 1L << 30};
    private static final String[] NUMBERS = {"0", "-1", "2147483647", "2147483648", "4294967346", "9223372036854775807",
            "9223372036854775808", "-9223372036854775809", "99999999999999999999999999", "1e308", "1e-400", "NaN", "-0", "3.5"};
    private static final String[] NESTS = {"[", "{\"a\":", "(", "- ", "&a [", "*a"};

    /** Runs {@code cases} mutated cases of {@code seeds} through {@code loader}, each written to a file in {@code dir}. */
    public static Report run(String name, List<byte[]> seeds, int cases, long seed, Path dir, String suffix, Loader loader) throws Exception {
        Random rng = new Random(seed);
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-" + name);
            t.setDaemon(true);
            return t;
        });
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int accepted = 0;
        long slowest = 0, mostAllocated = 0;
        try {
            for (int i = 0; i < cases; i++) {
                byte[] input = i < seeds.size() ? seeds.get(i) : mutate(seeds.get(rng.nextInt(seeds.size())), seeds, rng);
                Path file = dir.resolve(name + "-" + (i % 16) + suffix);
                Files.write(file, input);
                long t0 = System.nanoTime();
                Future<long[]> f = worker.submit(() -> {
                    long before = mx.getCurrentThreadAllocatedBytes();
                    try {
                        loader.load(file);
                        return new long[]{1, mx.getCurrentThreadAllocatedBytes() - before};
                    } catch (IllegalArgumentException | IOException | UncheckedIOException e) {
                        String m = e instanceof UncheckedIOException u ? u.getCause().getMessage() : e.getMessage();
                        if (m == null || m.contains("\n") || m.contains("\r") || !(m.contains(file.toString()) || m.contains(file.getFileName().toString())))
                            throw new AssertionError("not a one-line error naming " + file + ": " + e, e);
                        return new long[]{0, mx.getCurrentThreadAllocatedBytes() - before};
                    }
                });
                long[] r;
                try {
                    r = f.get(TIME_LIMIT_MS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    f.cancel(true);
                    throw failure(name, i, input, "took longer than " + TIME_LIMIT_MS + " ms (a hang?)", null);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw failure(name, i, input, "threw " + e.getCause(), e.getCause());
                }
                accepted += (int) r[0];
                slowest = Math.max(slowest, (System.nanoTime() - t0) / 1_000_000);
                mostAllocated = Math.max(mostAllocated, r[1]);
                if (r[1] > allocationBound(input.length))
                    throw failure(name, i, input, "allocated " + r[1] + " bytes, more than the bound " + allocationBound(input.length), null);
            }
        } finally {
            worker.shutdownNow();
        }
        Report rep = new Report(name, cases, accepted, slowest, mostAllocated);
        System.out.println(rep);
        return rep;
    }

    private static AssertionError failure(String name, int i, byte[] input, String what, Throwable cause) {
        Path saved = Path.of("target", "fuzz-failures", name + "-case-" + i);
        try {
            Files.createDirectories(saved.getParent());
            Files.write(saved, input);
        } catch (IOException ignored) {
            // the message still carries the input's start
        }
        String head = HexFormat.of().formatHex(input, 0, Math.min(64, input.length));
        AssertionError e = new AssertionError("fuzz " + name + " case " + i + " " + what + "; input saved to " + saved + " (starts " + head + ")");
        if (cause != null) e.initCause(cause);
        return e;
    }

    /** One to four random mutations of {@code seed}. */
    public static byte[] mutate(byte[] seed, List<byte[]> seeds, Random r) {
        byte[] b = seed;
        int n = 1 + r.nextInt(4);
        for (int k = 0; k < n; k++) b = mutateOnce(b, seeds, r);
        return b;
    }

    private static byte[] mutateOnce(byte[] b, List<byte[]> seeds, Random r) {
        int len = b.length;
        int at = len == 0 ? 0 : r.nextInt(len);
        switch (r.nextInt(10)) {
            case 0: // truncate
                return java.util.Arrays.copyOf(b, at);
            case 1: { // flip a bit
                if (len == 0) return b;
                byte[] c = b.clone();
                c[at] ^= (byte) (1 << r.nextInt(8));
                return c;
            }
            case 2: { // a boundary byte
                if (len == 0) return b;
                byte[] c = b.clone();
                c[at] = BYTES[r.nextInt(BYTES.length)];
                return c;
            }
            case 3: { // a boundary integer, little-endian, 1/2/4/8 bytes
                int w = 1 << r.nextInt(4);
                if (len < w) return b;
                byte[] c = b.clone();
                long v = INTS[r.nextInt(INTS.length)];
                int p = r.nextInt(len - w + 1);
                for (int i = 0; i < w; i++) c[p + i] = (byte) (v >>> (8 * i));
                return c;
            }
            case 4: { // insert random bytes
                byte[] ins = new byte[1 + r.nextInt(8)];
                r.nextBytes(ins);
                return splice(b, at, at, ins);
            }
            case 5: // delete a range
                return splice(b, at, Math.min(len, at + 1 + r.nextInt(16)), new byte[0]);
            case 6: { // duplicate a range elsewhere
                if (len == 0) return b;
                int from = r.nextInt(len), to = Math.min(len, from + 1 + r.nextInt(64));
                return splice(b, at, at, java.util.Arrays.copyOfRange(b, from, to));
            }
            case 7: { // splice: this one's head, another seed's tail
                byte[] o = seeds.get(r.nextInt(seeds.size()));
                int cut = o.length == 0 ? 0 : r.nextInt(o.length);
                return splice(b, at, len, java.util.Arrays.copyOfRange(o, cut, o.length));
            }
            case 8: { // grow a number's digits
                List<int[]> runs = new ArrayList<>();
                for (int i = 0; i < len; ) {
                    if (b[i] >= '0' && b[i] <= '9') {
                        int j = i;
                        while (j < len && b[j] >= '0' && b[j] <= '9') j++;
                        runs.add(new int[]{i, j});
                        i = j;
                    } else i++;
                }
                if (runs.isEmpty()) return b;
                int[] run = runs.get(r.nextInt(runs.size()));
                return splice(b, run[0], run[1], NUMBERS[r.nextInt(NUMBERS.length)].getBytes(StandardCharsets.US_ASCII));
            }
            default: { // nest: an opener repeated up to 10,000 times
                String open = NESTS[r.nextInt(NESTS.length)];
                int times = r.nextBoolean() ? 1 + r.nextInt(8) : 1 + r.nextInt(10_000);
                return splice(b, at, at, open.repeat(times).getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] ins) {
        byte[] c = new byte[b.length - (to - from) + ins.length];
        System.arraycopy(b, 0, c, 0, from);
        System.arraycopy(ins, 0, c, from, ins.length);
        System.arraycopy(b, to, c, from + ins.length, b.length - to);
        return c;
    }
}
