package trm4j.io;

import trm4j.io.TorchPickle.StorageRef;
import trm4j.io.TorchPickle.TensorRef;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the tensors of a PyTorch {@code torch.save} state dict without Python and without running any pickled
 * code: the zip format (torch ≥ 1.6: {@code <root>/data.pkl} + {@code <root>/data/<key>} records) and the legacy
 * stream format (five pickles followed by the raw storages). Tensors come back in state-dict order as contiguous
 * little-endian {@link RawTensor}s; a contiguous tensor is a slice of a read-only mapping of the file (no copy),
 * others (strided views, big-endian files) are gathered into a heap copy.
 */
public final class TorchCheckpoint {
    private TorchCheckpoint() {}

    private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long LEGACY_PROTOCOL = 1001;
    private static final String COMPILE_PREFIX = "_orig_mod.";

    /** The tensors of the state dict in {@code file}, in file order, names as saved (see {@link #stripCompilePrefix}). */
    public static Map<String, RawTensor> read(Path file) throws IOException {
        return ZipArchive.isZip(file) ? readZip(file) : readLegacy(file);
    }

    /** Removes the {@code _orig_mod.} prefix that {@code torch.compile}'s wrapper puts before every name. */
    public static Map<String, RawTensor> stripCompilePrefix(Map<String, RawTensor> tensors) {
        Map<String, RawTensor> out = new LinkedHashMap<>();
        for (var e : tensors.entrySet()) {
            String k = e.getKey().startsWith(COMPILE_PREFIX) ? e.getKey().substring(COMPILE_PREFIX.length()) : e.getKey();
            if (out.put(k, e.getValue()) != null)
                throw new IllegalArgumentException("tensor '" + k + "' appears both with and without the prefix " + COMPILE_PREFIX);
        }
        return out;
    }

    private static Map<String, RawTensor> readZip(Path file) throws IOException {
        try (ZipArchive zip = ZipArchive.open(file)) {
            List<ZipArchive.Entry> entries = zip.entries();
            if (entries.isEmpty()) throw bad(file, "empty zip archive, not a torch.save checkpoint");
            // The root folder is named after the file torch.save was given; take it from the first record.
            String first = entries.getFirst().name();
            String root = first.contains("/") ? first.substring(0, first.indexOf('/') + 1) : "";
            ZipArchive.Entry pkl = zip.get(root + "data.pkl");
            if (pkl == null) throw bad(file, "no record " + root + "data.pkl: not a torch.save checkpoint");
            ByteOrder order = ByteOrder.LITTLE_ENDIAN;
            ZipArchive.Entry bo = zip.get(root + "byteorder");
            if (bo != null) {
                String s = new String(zip.read(bo), StandardCharsets.US_ASCII).trim();
                if (s.equals("big")) order = ByteOrder.BIG_ENDIAN;
                else if (!s.equals("little")) throw bad(file, "record " + root + "byteorder says '" + s + "', expected little or big");
            }
            TorchPickle hooks = new TorchPickle();
            Object top = PickleReader.load(zip.read(pkl), hooks, file.toString());
            Map<String, TensorRef> refs = tensors(file, top);
            Map<String, ByteBuffer> storages = new HashMap<>();
            Map<String, RawTensor> out = new LinkedHashMap<>();
            for (var e : refs.entrySet()) {
                StorageRef s = e.getValue().storage();
                ByteBuffer b = storages.get(s.key());
                if (b == null) {
                    ZipArchive.Entry rec = zip.get(root + "data/" + s.key());
                    if (rec == null) throw bad(file, "tensor '" + e.getKey() + "': storage record " + root + "data/" + s.key() + " is missing");
                    b = zip.map(rec);
                    storages.put(s.key(), b);
                }
                out.put(e.getKey(), materialize(file, e.getKey(), e.getValue(), b, order));
            }
            return out;
        }
    }

    private static Map<String, RawTensor> readLegacy(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
             InputStream s = Channels.newInputStream(ch)) {
            long size = ch.size();
            if (size < 2) throw bad(file, "truncated file (" + size + " bytes)");
            PickleReader.Input in = new PickleReader.Input(s, 0, size);
            String src = file.toString();
            TorchPickle hooks = new TorchPickle();
            Object magic;
            try {
                magic = PickleReader.load(in, hooks, src);
            } catch (IllegalArgumentException | IOException e) {
                throw bad(file, "neither a torch.save zip archive nor a legacy torch.save file (" + e.getMessage().replace(src + ": ", "") + ")");
            }
            if (!LEGACY_MAGIC.equals(magic)) throw bad(file, "neither a torch.save zip archive nor a legacy torch.save file (wrong magic number)");
            Object proto = PickleReader.load(in, hooks, src);
            if (!Long.valueOf(LEGACY_PROTOCOL).equals(proto)) throw bad(file, "legacy protocol " + proto + " is not supported (expected 1001)");
            Object sys = PickleReader.load(in, hooks, src);
            ByteOrder order = sys instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("little_endian"))
                    ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            Map<String, TensorRef> refs = tensors(file, PickleReader.load(in, hooks, src));
            Object keys = PickleReader.load(in, hooks, src);
            if (!(keys instanceof List<?> keyList)) throw bad(file, "legacy storage key list missing");
            // The raw storages follow the pickles in key-list order, each an int64 element count then the bytes.
            Map<String, ByteBuffer> storages = new HashMap<>();
            long pos = in.position();
            ByteBuffer count = ByteBuffer.allocate(8).order(order);
            for (Object k : keyList) {
                String key = String.valueOf(k);
                StorageRef ref = hooks.storages.get(key);
                if (ref == null) throw bad(file, "storage '" + key + "' is listed but no tensor uses it, so its element size is unknown");
                count.clear();
                if (pos + 8 > size) throw bad(file, "storage '" + key + "' at offset " + pos + " is past the end of the file: truncated");
                while (count.hasRemaining()) if (ch.read(count, pos + count.position()) < 0) break;
                long n = count.getLong(0);
                long bytes = n < 0 || n > size ? Long.MAX_VALUE : n * ref.dtype().bytes;
                if (n < 0 || bytes > size - pos - 8)
                    throw bad(file, "storage '" + key + "' (" + n + " elements at offset " + pos + ") runs past the end of the file: truncated");
                if (bytes > Integer.MAX_VALUE) throw bad(file, "storage '" + key + "' exceeds 2 GiB");
                storages.put(key, bytes == 0 ? ByteBuffer.allocate(0)
                        : ch.map(FileChannel.MapMode.READ_ONLY, pos + 8, bytes));
                pos += 8 + bytes;
            }
            Map<String, RawTensor> out = new LinkedHashMap<>();
            for (var e : refs.entrySet()) {
                ByteBuffer b = storages.get(e.getValue().storage().key());
                if (b == null) throw bad(file, "tensor '" + e.getKey() + "': storage '" + e.getValue().storage().key() + "' is missing from the file");
                out.put(e.getKey(), materialize(file, e.getKey(), e.getValue(), b, order));
            }
            return out;
        }
    }

    /** The tensors of the unpickled state dict, flattening nested dicts with dotted names; other values are skipped. */
    private static Map<String, TensorRef> tensors(Path file, Object top) {
        if (top instanceof TensorRef) throw bad(file, "the file holds a single tensor, not a state dict");
        if (!(top instanceof Map<?, ?> m)) throw bad(file, "the pickled object is a " + TorchPickle.describe(top) + ", not a state dict");
        Map<String, TensorRef> out = new LinkedHashMap<>();
        flatten(file, "", m, out, java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()), 0);
        return out;
    }

    /** Nested dicts deeper than this are refused (a state dict nests a few levels; recursion must stay bounded). */
    static final int MAX_DICT_DEPTH = 64;

    /**
     * Flattens nested dicts into dotted names. A state dict is a tree: a dict reached twice (a self-reference,
     * or children shared by several parents, which would make the walk exponential) is refused.
     */
    private static void flatten(Path file, String prefix, Map<?, ?> m, Map<String, TensorRef> out, java.util.Set<Object> seen, int depth) {
        if (depth > MAX_DICT_DEPTH) throw bad(file, "dicts nested deeper than " + MAX_DICT_DEPTH + " levels at '" + clip(prefix) + "': not a state dict");
        if (!seen.add(m))
            throw bad(file, "the dict at '" + clip(prefix) + "' appears twice (self-referencing or shared): a state dict is a tree of dicts");
        for (var e : m.entrySet()) {
            String k = prefix + e.getKey();
            if (e.getValue() instanceof TensorRef t) {
                if (out.put(k, t) != null) throw bad(file, "tensor name '" + clip(k) + "' appears twice");
            } else if (e.getValue() instanceof Map<?, ?> sub) flatten(file, k + ".", sub, out, seen, depth + 1);
        }
    }

    private static String clip(String s) { return s.length() > 80 ? s.substring(0, 80) + "…" : s; }

    /**
     * A contiguous copy (or a zero-copy slice) of the tensor {@code t} over the storage bytes {@code b}. All shape,
     * stride and offset arithmetic is exact (an overflow is a refusal), and the view must lie inside its storage,
     * as torch checks.
     */
    private static RawTensor materialize(Path file, String name, TensorRef t, ByteBuffer b, ByteOrder order) {
        StorageRef s = t.storage();
        int elem = s.dtype().bytes;
        String where = "tensor '" + clip(name) + "': ";
        long storageBytes = exact(file, where, () -> Math.multiplyExact(s.numel(), (long) elem));
        if (s.numel() < 0) throw bad(file, where + "negative storage size " + s.numel());
        if (b.remaining() < storageBytes)
            throw bad(file, where + "storage '" + s.key() + "' holds " + b.remaining() + " bytes, shorter than its declared "
                    + s.numel() + " × " + elem + ": truncated or corrupt file");
        int[] shape = new int[t.size().length];
        long numel = 1;
        boolean contiguous = true;
        long expect = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            long n = t.size()[i];
            if (n > Integer.MAX_VALUE) throw bad(file, where + "dimension " + n + " too large");
            shape[i] = (int) n;
            numel = exact(file, where, numel, n, Math::multiplyExact);
            if (n != 1 && t.stride()[i] != expect) contiguous = false;
            expect = n == 0 ? expect : exact(file, where, expect, n, Math::multiplyExact);
        }
        if (numel == 0) return new RawTensor(s.dtype(), shape, ByteBuffer.allocate(0));
        // The last element the view reaches: offset + Σ (size−1)·stride, computed exactly.
        long last = t.offset();
        for (int i = 0; i < shape.length; i++)
            last = exact(file, where, last, exact(file, where, shape[i] - 1L, t.stride()[i], Math::multiplyExact), Math::addExact);
        if (last >= s.numel())
            throw bad(file, where + "shape " + Arrays.toString(shape) + ", strides " + Arrays.toString(t.stride()) + " and offset "
                    + t.offset() + " reach element " + last + " of storage '" + s.key() + "', which holds only "
                    + s.numel() + ": storage shorter than its tensor");
        if (numel > Integer.MAX_VALUE / elem) throw bad(file, where + "tensor exceeds 2 GiB");
        if (contiguous && order == ByteOrder.LITTLE_ENDIAN)
            return new RawTensor(s.dtype(), shape, b.slice((int) (t.offset() * elem), (int) (numel * elem)));
        return new RawTensor(s.dtype(), shape, gather(t, shape, elem, b, order == ByteOrder.BIG_ENDIAN));
    }

    private static long exact(Path file, String where, long a, long b, java.util.function.LongBinaryOperator op) {
        return exact(file, where, () -> op.applyAsLong(a, b));
    }

    private static long exact(Path file, String where, java.util.function.LongSupplier f) {
        try {
            return f.getAsLong();
        } catch (ArithmeticException e) {
            throw bad(file, where + "shape, stride or offset overflows 64-bit arithmetic: corrupt or hostile file");
        }
    }

    /** Copies a strided view element by element (odometer over the shape), reversing bytes for big-endian files. */
    private static ByteBuffer gather(TensorRef t, int[] shape, int elem, ByteBuffer b, boolean swap) {
        int numel = RawTensor.numel(shape);
        ByteBuffer out = ByteBuffer.allocate(numel * elem);
        int[] idx = new int[shape.length];
        long src = t.offset();
        for (int k = 0; k < numel; k++) {
            int at = (int) (src * elem);
            for (int j = 0; j < elem; j++) out.put(k * elem + j, b.get(at + (swap ? elem - 1 - j : j)));
            for (int d = shape.length - 1; d >= 0; d--) {
                src += t.stride()[d];
                if (++idx[d] < shape[d]) break;
                src -= (long) shape[d] * t.stride()[d];
                idx[d] = 0;
            }
        }
        return out;
    }

    private static IllegalArgumentException bad(Path file, String what) {
        return FileError.of(file, what);
    }
}
