package trm4j.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Assembles pickle opcodes by hand, so tests can make well-formed, hostile and broken pickles. */
final class PickleBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleBytes op(int... bytes) {
        for (int b : bytes) out.write(b);
        return this;
    }

    private PickleBytes le(long v, int n) {
        for (int i = 0; i < n; i++) out.write((int) (v >>> (8 * i)));
        return this;
    }

    PickleBytes proto() { return op(0x80, 2); }
    PickleBytes stop() { return op('.'); }
    PickleBytes mark() { return op('('); }
    PickleBytes global(String module, String name) {
        op('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        return this;
    }
    PickleBytes str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op('X').le(b.length, 4);
        out.writeBytes(b);
        return this;
    }
    PickleBytes integer(long v) {
        if (v >= 0 && v < 256) return op('K', (int) v);
        if (v >= 0 && v < 65536) return op('M').le(v, 2);
        if (v == (int) v) return op('J').le(v, 4);
        return op(0x8a, 8).le(v, 8); // LONG1, 8 bytes little-endian two's complement
    }
    PickleBytes tuple() { return op('t'); }
    PickleBytes emptyTuple() { return op(')'); }
    PickleBytes emptyDict() { return op('}'); }
    PickleBytes setitems() { return op('u'); }
    PickleBytes reduce() { return op('R'); }
    PickleBytes persid() { return op('Q'); }
    PickleBytes put(int i) { return i < 256 ? op('q', i) : op('r').le(i, 4); }
    PickleBytes get(int i) { return i < 256 ? op('h', i) : op('j').le(i, 4); }
    PickleBytes bool(boolean b) { return op(b ? 0x88 : 0x89); }

    PickleBytes ints(long... v) {
        mark();
        for (long x : v) integer(x);
        return tuple();
    }

    /** {@code name → _rebuild_tensor_v2(('storage', torch.<cls>, key, 'cpu', numel[, None]), offset, size, stride, False, OrderedDict())}. */
    PickleBytes tensor(String name, String cls, String key, long numel, long offset, long[] size, long[] stride, boolean legacy) {
        str(name).global("torch._utils", "_rebuild_tensor_v2").mark();
        mark().str("storage").global("torch", cls).str(key).str("cpu").integer(numel);
        if (legacy) op('N');
        tuple().persid().integer(offset).ints(size).ints(stride).bool(false);
        return global("collections", "OrderedDict").emptyTuple().reduce().tuple().reduce();
    }

    byte[] bytes() { return out.toByteArray(); }
}
