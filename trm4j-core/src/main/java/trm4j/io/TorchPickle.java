package trm4j.io;

import trm4j.io.PickleReader.Tuple;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The allow-list that turns a {@code torch.save} pickle of a state dict into plain descriptions: which globals
 * may appear (OrderedDict, the tensor rebuild functions, the typed storage classes), what REDUCE of each one
 * means, and what a persistent id names. Everything else is refused, which is what makes loading safe.
 */
final class TorchPickle implements PickleReader.Hooks {

    /** A typed storage class such as {@code torch.FloatStorage}; only valid inside a persistent id. */
    record StorageType(String name, DType dtype) {}

    /** A storage named by a persistent id: record {@code key}, {@code numel} elements of {@code dtype}. */
    record StorageRef(String key, DType dtype, long numel, long viewOffset) {}

    /** A tensor view of a storage, sizes/strides/offset in elements (as torch's {@code _rebuild_tensor_v2}). */
    record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {}

    private enum Fn { ORDERED_DICT, REBUILD_TENSOR_V2, REBUILD_TENSOR, REBUILD_PARAMETER }

    private static final Map<String, DType> STORAGES = Map.ofEntries(
            Map.entry("FloatStorage", DType.F32), Map.entry("DoubleStorage", DType.F64),
            Map.entry("HalfStorage", DType.F16), Map.entry("BFloat16Storage", DType.BF16),
            Map.entry("LongStorage", DType.I64), Map.entry("IntStorage", DType.I32),
            Map.entry("ShortStorage", DType.I16), Map.entry("CharStorage", DType.I8),
            Map.entry("ByteStorage", DType.U8), Map.entry("BoolStorage", DType.BOOL));

    /** Storages seen, by key: the legacy format needs each one's element size to find the next. */
    final Map<String, StorageRef> storages = new LinkedHashMap<>();

    @Override
    public Object global(String module, String name) {
        switch (module + "." + name) {
            case "collections.OrderedDict": return Fn.ORDERED_DICT;
            case "torch._utils._rebuild_tensor_v2": return Fn.REBUILD_TENSOR_V2;
            case "torch._utils._rebuild_tensor": return Fn.REBUILD_TENSOR;
            case "torch._utils._rebuild_parameter": return Fn.REBUILD_PARAMETER;
            default:
        }
        if (module.equals("torch") && STORAGES.containsKey(name)) return new StorageType(name, STORAGES.get(name));
        throw new IllegalArgumentException("refusing global '" + module + "." + name
                + "': a state dict needs only OrderedDict, torch._utils._rebuild_tensor_v2 and torch.*Storage (the file may contain code; not loaded)");
    }

    @Override
    public Object reduce(Object callable, Tuple a) {
        if (!(callable instanceof Fn fn))
            throw new IllegalArgumentException("REDUCE of " + describe(callable) + " is not allowed in a weights file");
        return switch (fn) {
            case ORDERED_DICT -> orderedDict(a);
            case REBUILD_TENSOR_V2 -> {
                if (a.size() < 6 || a.size() > 7) throw new IllegalArgumentException("_rebuild_tensor_v2 expects 6 or 7 arguments, got " + a.size());
                yield tensor(a);
            }
            case REBUILD_TENSOR -> {
                if (a.size() != 4) throw new IllegalArgumentException("_rebuild_tensor expects 4 arguments, got " + a.size());
                yield tensor(a);
            }
            case REBUILD_PARAMETER -> {
                if (a.size() < 1 || !(a.get(0) instanceof TensorRef t)) throw new IllegalArgumentException("_rebuild_parameter expects a tensor");
                yield t;
            }
        };
    }

    private static Map<Object, Object> orderedDict(Tuple a) {
        Map<Object, Object> m = new LinkedHashMap<>();
        if (a.size() == 0) return m;
        if (a.size() == 1 && a.get(0) instanceof List<?> pairs) {
            for (Object p : pairs) {
                if (!(p instanceof Tuple t) || t.size() != 2) throw new IllegalArgumentException("OrderedDict items must be pairs");
                String why = PickleReader.unhashable(t.get(0));
                if (why != null) throw new IllegalArgumentException("OrderedDict: " + why);
                m.put(t.get(0), t.get(1));
            }
            return m;
        }
        throw new IllegalArgumentException("OrderedDict called with unexpected arguments");
    }

    private static TensorRef tensor(Tuple a) {
        if (!(a.get(0) instanceof StorageRef s)) throw new IllegalArgumentException("tensor rebuilt from " + describe(a.get(0)) + ", not a storage");
        long offset = asLong(a.get(1), "storage offset");
        long[] size = longs(a.get(2), "size");
        long[] stride = longs(a.get(3), "stride");
        if (size.length != stride.length) throw new IllegalArgumentException("size and stride lengths differ");
        for (int i = 0; i < size.length; i++)
            if (size[i] < 0 || stride[i] < 0) throw new IllegalArgumentException("negative size or stride");
        if (offset < 0) throw new IllegalArgumentException("negative storage offset " + offset);
        if (s.viewOffset() < 0) throw new IllegalArgumentException("negative storage view offset " + s.viewOffset());
        long total;
        try {
            total = Math.addExact(offset, s.viewOffset());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("storage offset " + offset + " + view offset " + s.viewOffset() + " overflows");
        }
        return new TensorRef(s, total, size, stride);
    }

    @Override
    public Object persistentLoad(Object pid) {
        // zip: ('storage', type, key, location, numel); legacy adds a 6th item: None or (view_key, offset, view_size)
        if (!(pid instanceof Tuple t) || t.size() < 5 || t.size() > 6 || !"storage".equals(t.get(0)))
            throw new IllegalArgumentException("unsupported persistent id " + describe(pid) + " (expected ('storage', type, key, location, numel))");
        if (!(t.get(1) instanceof StorageType type)) throw new IllegalArgumentException("persistent id names " + describe(t.get(1)) + ", not a storage class");
        String key = t.get(2) instanceof Long l ? l.toString() : t.get(2) instanceof String s ? s : null;
        if (key == null) throw new IllegalArgumentException("storage key " + describe(t.get(2)) + " is not a string");
        long numel = asLong(t.get(4), "storage size");
        if (numel < 0) throw new IllegalArgumentException("negative storage size " + numel);
        long view = 0;
        if (t.size() == 6 && t.get(5) != null) {
            if (!(t.get(5) instanceof Tuple v) || v.size() != 3) throw new IllegalArgumentException("bad storage view " + describe(t.get(5)));
            view = asLong(v.get(1), "storage view offset");
        }
        StorageRef s = new StorageRef(key, type.dtype(), numel, 0);
        StorageRef prev = storages.putIfAbsent(key, s);
        if (prev != null && (prev.dtype() != s.dtype() || prev.numel() != s.numel()))
            throw new IllegalArgumentException("storage '" + key + "' is declared with two types or sizes");
        return view == 0 ? s : new StorageRef(key, s.dtype(), numel, view);
    }

    @Override
    public Object build(Object obj, Object state) {
        // Only the state dict's own attributes (its _metadata dict of module versions) are ever built; ignore them.
        if (obj instanceof Map<?, ?>) return obj;
        throw new IllegalArgumentException("BUILD of " + describe(obj) + " is not allowed in a weights file");
    }

    private static long asLong(Object o, String what) {
        if (o instanceof Long l) return l;
        if (o instanceof BigInteger) throw new IllegalArgumentException(what + " " + o + " is too large");
        throw new IllegalArgumentException(what + " is " + describe(o) + ", not an integer");
    }

    private static long[] longs(Object o, String what) {
        if (!(o instanceof Tuple t)) throw new IllegalArgumentException(what + " is " + describe(o) + ", not a tuple");
        long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++) out[i] = asLong(t.get(i), what);
        return out;
    }

    static String describe(Object o) {
        if (o == null) return "None";
        if (o instanceof Fn f) return f.name();
        if (o instanceof StorageType s) return "torch." + s.name();
        if (o instanceof String s) return "'" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'";
        return o.getClass().getSimpleName();
    }
}
