package trm4j.io;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A data-only unpickler: it understands the opcodes that a PyTorch state dict uses (protocol 2, plus a few harmless
 * protocol-4 framing opcodes) and nothing else. It never imports or calls anything: a GLOBAL, REDUCE, BUILD or
 * persistent id is handed to {@link Hooks}, which return plain Java objects or refuse. Any other opcode is refused,
 * so a malicious pickle cannot run code; it can only fail with one line naming the opcode and its offset.
 *
 * <p>Python values map to: int → Long (BigInteger when larger), float → Double, str → String, bytes → byte[],
 * bool → Boolean, None → null, tuple → {@link Tuple}, list → ArrayList, dict → LinkedHashMap.
 */
public final class PickleReader {

    /** A Python tuple (immutable; equality by elements). */
    public record Tuple(List<Object> items) {
        public Tuple { items = java.util.Collections.unmodifiableList(new ArrayList<>(items)); }
        public int size() { return items.size(); }
        public Object get(int i) { return items.get(i); }
    }

    /** What the caller allows: each method either returns a value or throws IllegalArgumentException. */
    public interface Hooks {
        Object global(String module, String name);
        Object reduce(Object callable, Tuple args);
        Object persistentLoad(Object pid);
        /** BUILD: set {@code state} on {@code obj}; returns the object to leave on the stack. */
        Object build(Object obj, Object state);
    }

    private static final Object MARK = new Object() {
        @Override public String toString() { return "MARK"; }
    };

    private final Input in;
    private final Hooks hooks;
    private final String source;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private PickleReader(Input in, Hooks hooks, String source) {
        this.in = in;
        this.hooks = hooks;
        this.source = source;
    }

    /** Reads one pickle (up to its STOP) from {@code bytes}. {@code source} names the file for error messages. */
    public static Object load(byte[] bytes, Hooks hooks, String source) throws IOException {
        return load(new Input(new ByteArrayInputStream(bytes), 0, bytes.length), hooks, source);
    }

    /** Reads one pickle from {@code in}, which is left just after the STOP opcode (more pickles may follow). */
    public static Object load(Input in, Hooks hooks, String source) throws IOException {
        return new PickleReader(in, hooks, source).run();
    }

    /** A byte stream that counts its position and knows how many bytes may remain (to bound allocations). */
    public static final class Input {
        private final InputStream s;
        private long pos;
        private final long limit;

        public Input(InputStream s, long start, long limit) {
            this.s = s instanceof BufferedInputStream || s instanceof ByteArrayInputStream ? s : new BufferedInputStream(s, 1 << 16);
            this.pos = start;
            this.limit = limit;
        }

        public long position() { return pos; }

        int u8() throws IOException {
            int b = s.read();
            if (b < 0) throw new IOException("unexpected end of data at offset " + pos);
            pos++;
            return b;
        }

        byte[] bytes(long n) throws IOException {
            if (n < 0 || n > limit - pos) throw new IOException("length " + n + " at offset " + pos + " runs past the end of the data");
            byte[] b = s.readNBytes((int) n);
            if (b.length != n) throw new IOException("unexpected end of data at offset " + (pos + b.length));
            pos += n;
            return b;
        }

        long le(int n) throws IOException {
            long v = 0;
            for (int i = 0; i < n; i++) v |= (long) u8() << (8 * i);
            return v;
        }
    }

    private Object run() throws IOException {
        while (true) {
            long at = in.position();
            int op;
            try {
                op = in.u8();
            } catch (IOException e) {
                throw new IOException(source + ": pickle offset " + at + ": no STOP opcode before the end of the data (truncated file?)", e);
            }
            try {
                switch (op) {
                    case 0x80 -> { // PROTO
                        int v = in.u8();
                        if (v > 5) throw fail(at, "unsupported pickle protocol " + v);
                    }
                    case 0x95 -> in.le(8); // FRAME: a length hint only
                    case '.' -> { return pop(at); } // STOP
                    case 'c' -> push(hooks.global(line(), line())); // GLOBAL
                    case 'q' -> memo.put((long) in.u8(), peek(at)); // BINPUT
                    case 'r' -> memo.put(in.le(4), peek(at)); // LONG_BINPUT
                    case 0x94 -> memo.put((long) memo.size(), peek(at)); // MEMOIZE
                    case 'h' -> push(memoGet(at, in.u8())); // BINGET
                    case 'j' -> push(memoGet(at, in.le(4))); // LONG_BINGET
                    case '(' -> { marks.add(stack.size()); stack.add(MARK); } // MARK
                    case ')' -> push(new Tuple(List.of())); // EMPTY_TUPLE
                    case 't' -> push(new Tuple(popMark(at))); // TUPLE
                    case 0x85 -> push(new Tuple(popN(at, 1))); // TUPLE1
                    case 0x86 -> push(new Tuple(popN(at, 2))); // TUPLE2
                    case 0x87 -> push(new Tuple(popN(at, 3))); // TUPLE3
                    case ']' -> push(new ArrayList<>()); // EMPTY_LIST
                    case 'a' -> { Object v = pop(at); list(at).add(v); } // APPEND
                    case 'e' -> { List<Object> v = popMark(at); list(at).addAll(v); } // APPENDS
                    case '}' -> push(new LinkedHashMap<>()); // EMPTY_DICT
                    case 's' -> { Object v = pop(at), k = pop(at); dict(at).put(key(at, k), v); } // SETITEM
                    case 'u' -> { // SETITEMS
                        List<Object> kv = popMark(at);
                        if (kv.size() % 2 != 0) throw fail(at, "SETITEMS with an odd number of items");
                        Map<Object, Object> d = dict(at);
                        for (int i = 0; i < kv.size(); i += 2) d.put(key(at, kv.get(i)), kv.get(i + 1));
                    }
                    case 'X' -> push(new String(in.bytes(in.le(4)), StandardCharsets.UTF_8)); // BINUNICODE
                    case 0x8c -> push(new String(in.bytes(in.u8()), StandardCharsets.UTF_8)); // SHORT_BINUNICODE
                    case 'C' -> push(in.bytes(in.u8())); // SHORT_BINBYTES
                    case 'B' -> push(in.bytes(in.le(4))); // BINBYTES
                    case 'J' -> push((long) (int) in.le(4)); // BININT
                    case 'K' -> push((long) in.u8()); // BININT1
                    case 'M' -> push(in.le(2)); // BININT2
                    case 0x8a -> push(long1(in.bytes(in.u8()))); // LONG1
                    case 'G' -> push(Double.longBitsToDouble(Long.reverseBytes(in.le(8)))); // BINFLOAT (big-endian)
                    case 0x88 -> push(Boolean.TRUE); // NEWTRUE
                    case 0x89 -> push(Boolean.FALSE); // NEWFALSE
                    case 'N' -> push(null); // NONE
                    case 'R' -> { // REDUCE
                        Object args = pop(at), f = pop(at);
                        if (!(args instanceof Tuple t)) throw fail(at, "REDUCE arguments are not a tuple");
                        push(hooks.reduce(f, t));
                    }
                    case 'Q' -> push(hooks.persistentLoad(pop(at))); // BINPERSID
                    case 'b' -> { Object state = pop(at), obj = pop(at); push(hooks.build(obj, state)); } // BUILD
                    default -> throw fail(at, String.format("opcode 0x%02x%s is not allowed in a weights file",
                            op, op >= 0x20 && op < 0x7f ? " ('" + (char) op + "')" : ""));
                }
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith(source + ": ")) throw e;
                throw fail(at, e.getMessage());
            } catch (IOException e) {
                throw new IOException(source + ": pickle offset " + at + ": " + e.getMessage() + " (truncated file?)", e);
            }
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.u8()) != '\n'; ) {
            if (sb.length() > 256) throw new IllegalArgumentException("GLOBAL name longer than 256 characters");
            sb.append((char) c);
        }
        return sb.toString();
    }

    private static Object long1(byte[] le) {
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) be[i] = le[le.length - 1 - i];
        if (be.length == 0) return 0L;
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private void push(Object o) { stack.add(o); }

    private Object peek(long at) {
        if (stack.isEmpty() || stack.getLast() == MARK) throw fail(at, "stack empty");
        return stack.getLast();
    }

    private Object pop(long at) {
        Object o = peek(at);
        stack.removeLast();
        return o;
    }

    private List<Object> popN(long at, int n) {
        Object[] out = new Object[n];
        for (int i = n - 1; i >= 0; i--) out[i] = pop(at);
        return Arrays.asList(out);
    }

    private List<Object> popMark(long at) {
        if (marks.isEmpty()) throw fail(at, "no MARK on the stack");
        int m = marks.removeLast();
        List<Object> items = new ArrayList<>(stack.subList(m + 1, stack.size()));
        stack.subList(m, stack.size()).clear();
        return items;
    }

    private Object memoGet(long at, long key) {
        if (!memo.containsKey(key)) throw fail(at, "memo key " + key + " was never stored");
        return memo.get(key);
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(long at) {
        if (peek(at) instanceof List<?> l) return (List<Object>) l;
        throw fail(at, "APPEND target is not a list");
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(long at) {
        if (peek(at) instanceof Map<?, ?> m) return (Map<Object, Object>) m;
        throw fail(at, "SETITEM target is not a dict");
    }

    private Object key(long at, Object k) {
        String why = unhashable(k);
        if (why != null) throw fail(at, why);
        return k;
    }

    /** Tuples used as keys are hashed and compared element by element; these bound that work (and its recursion). */
    private static final int MAX_KEY_DEPTH = 32, MAX_KEY_NODES = 4096;

    /**
     * Null when {@code k} can be a dict key (as in Python: None, bool, int, str, float, bytes, and tuples of those),
     * else why not. Tuples nested deeper than {@value #MAX_KEY_DEPTH} or with more than {@value #MAX_KEY_NODES}
     * elements in all (counting shared ones each time, which is what hashing costs) are refused, so a hostile
     * key can neither overflow the stack nor take exponential time to hash.
     */
    public static String unhashable(Object k) {
        int[] nodes = {0};
        return unhashable(k, 0, nodes);
    }

    private static String unhashable(Object k, int depth, int[] nodes) {
        if (++nodes[0] > MAX_KEY_NODES) return "dict key tuple with more than " + MAX_KEY_NODES + " elements";
        if (depth > MAX_KEY_DEPTH) return "dict key tuple nested deeper than " + MAX_KEY_DEPTH;
        if (k == null || k instanceof String || k instanceof Long || k instanceof Boolean || k instanceof BigInteger
                || k instanceof Double) return null;
        if (k instanceof Tuple t) {
            for (Object o : t.items()) {
                String why = unhashable(o, depth + 1, nodes);
                if (why != null) return why;
            }
            return null;
        }
        return "unhashable dict key of type " + k.getClass().getSimpleName();
    }

    private IllegalArgumentException fail(long at, String what) {
        return FileError.of(source, "pickle offset " + at + ": " + what);
    }
}
