package trm4j.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format: an 8-byte little-endian header length N, N bytes of JSON
 * ({@code name → {dtype, shape, data_offsets:[begin,end]}} plus an optional {@code __metadata__} map of strings),
 * then the raw little-endian tensor bytes; offsets are relative to the end of the header.
 *
 * <p>Reading memory-maps the file: each tensor is a read-only slice of a mapping, so a checkpoint is never copied
 * onto the heap. Files whose data region exceeds 2 GiB are mapped tensor by tensor (a single tensor is limited to
 * 2 GiB by {@link ByteBuffer}).
 */
public final class Safetensors {
    private Safetensors() {}

    private static final ObjectMapper JSON = StrictJson.MAPPER;
    private static final String METADATA = "__metadata__";
    /** Reject absurd headers before allocating them; the reference implementation uses the same bound. */
    private static final long MAX_HEADER = 100L << 20;

    /** The tensors of {@code file}, in file order. */
    public static Map<String, RawTensor> read(Path file) throws IOException {
        return read(file, Integer.MAX_VALUE);
    }

    /** {@link #read}, mapping tensor by tensor when the data region exceeds {@code wholeMapLimit} bytes. */
    static Map<String, RawTensor> read(Path file, long wholeMapLimit) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = header(file, ch);
            long dataStart = 8 + h.length;
            long dataSize = ch.size() - dataStart;
            ByteBuffer whole = dataSize <= wholeMapLimit && dataSize > 0
                    ? ch.map(FileChannel.MapMode.READ_ONLY, dataStart, dataSize) : null;
            Map<String, RawTensor> out = new LinkedHashMap<>();
            for (Entry e : h.entries) {
                long n = e.end - e.begin;
                ByteBuffer b;
                if (n == 0) b = ByteBuffer.allocate(0);
                else if (whole != null) b = whole.slice((int) e.begin, (int) n);
                else b = ch.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin, n);
                out.put(e.name, new RawTensor(e.dtype, e.shape, b.order(ByteOrder.LITTLE_ENDIAN)));
            }
            return out;
        }
    }

    /** The {@code __metadata__} map of {@code file} (empty when absent). */
    public static Map<String, String> metadata(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return header(file, ch).metadata;
        }
    }

    public static void write(Path file, Map<String, RawTensor> tensors) throws IOException {
        write(file, tensors, Map.of());
    }

    /** Writes {@code tensors} in map order, atomically (temp file in the same folder, then rename). */
    public static void write(Path file, Map<String, RawTensor> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode m = root.putObject(METADATA);
            metadata.forEach(m::put);
        }
        long offset = 0;
        for (var e : tensors.entrySet()) {
            if (e.getKey().equals(METADATA)) throw new IllegalArgumentException(file + ": a tensor cannot be named " + METADATA);
            RawTensor t = e.getValue();
            ObjectNode n = root.putObject(e.getKey());
            n.put("dtype", t.dtype().name());
            ArrayNode s = n.putArray("shape");
            for (int d : t.shape()) s.add(d);
            long len = t.data().remaining();
            n.putArray("data_offsets").add(offset).add(offset + len);
            offset += len;
        }
        byte[] json = JSON.writeValueAsBytes(root);
        int padded = (json.length + 7) & ~7;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) head.put((byte) ' ');
        head.flip();
        AtomicFiles.writeChannel(file, ch -> {
            AtomicFiles.writeFully(ch, head);
            for (RawTensor t : tensors.values()) AtomicFiles.writeFully(ch, t.data().duplicate());
        });
    }

    private record Entry(String name, DType dtype, int[] shape, long begin, long end) {}

    private record Header(long length, List<Entry> entries, Map<String, String> metadata) {}

    private static Header header(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) throw bad(file, "truncated file (" + size + " bytes, the header length alone needs 8)");
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf, 0);
        long n = lenBuf.getLong(0);
        if (n < 0 || n > size - 8)
            throw bad(file, "header length " + Long.toUnsignedString(n) + " larger than the file (" + size + " bytes): truncated or not a safetensors file");
        if (n > MAX_HEADER) throw bad(file, "header length " + n + " exceeds " + MAX_HEADER + " bytes");
        ByteBuffer hb = ByteBuffer.allocate((int) n);
        readFully(ch, hb, 8);
        JsonNode root;
        try {
            root = JSON.readTree(new String(hb.array(), StandardCharsets.UTF_8));
        } catch (JsonProcessingException ex) {
            throw bad(file, "bad JSON header: " + ex.getOriginalMessage().replace('\n', ' '));
        }
        if (root == null || !root.isObject()) throw bad(file, "bad JSON header: not an object");
        long dataSize = size - 8 - n;
        Map<String, String> meta = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator(); it.hasNext(); ) {
            var f = it.next();
            String name = f.getKey();
            JsonNode v = f.getValue();
            if (name.equals(METADATA)) {
                if (!v.isObject()) throw bad(file, METADATA + " is not an object");
                v.properties().forEach(m -> meta.put(m.getKey(), m.getValue().isTextual() ? m.getValue().asText() : m.getValue().toString()));
                continue;
            }
            entries.add(entry(file, name, v, dataSize));
        }
        // As the format requires (and the reference reader checks): the tensors tile the data region exactly,
        // with no overlap, no unindexed gap and nothing after the last one.
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long reached = 0;
        Entry prev = null;
        for (Entry b : sorted) {
            if (b.begin < reached)
                throw bad(file, "tensor '" + b.name + "': data_offsets [" + b.begin + ", " + b.end + "] overlap those of '"
                        + prev.name + "' [" + prev.begin + ", " + prev.end + "]");
            if (b.begin > reached)
                throw bad(file, "tensor '" + b.name + "': data_offsets [" + b.begin + ", " + b.end + "] leave the bytes ["
                        + reached + ", " + b.begin + ") of the data region unindexed (the format forbids gaps)");
            reached = b.end;
            prev = b;
        }
        if (reached != dataSize)
            throw bad(file, dataSize - reached + " bytes after the last tensor's data (offset " + reached + " of " + dataSize
                    + "): not indexed by the header (the format forbids them)");
        return new Header(n, entries, meta);
    }

    private static Entry entry(Path file, String name, JsonNode v, long dataSize) {
        String where = "tensor '" + (name.length() > 80 ? name.substring(0, 80) + "…" : name) + "': ";
        if (!v.isObject()) throw bad(file, where + "entry is not an object");
        JsonNode dt = v.get("dtype"), sh = v.get("shape"), off = v.get("data_offsets");
        if (dt == null || !dt.isTextual()) throw bad(file, where + "missing dtype");
        DType dtype = DType.fromSafetensors(dt.asText());
        if (dtype == null) throw bad(file, where + "unknown dtype '" + dt.asText() + "' (supported: " + Arrays.toString(DType.values()) + ")");
        if (sh == null || !sh.isArray()) throw bad(file, where + "missing shape");
        int[] shape = new int[sh.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = sh.get(i);
            if (!d.canConvertToInt() || d.asInt() < 0) throw bad(file, where + "bad shape " + sh);
            shape[i] = d.asInt();
            numel = Math.multiplyExact(numel, shape[i]);
            if (numel > Integer.MAX_VALUE) throw bad(file, where + "shape " + sh + " has more than 2^31 elements (the per-tensor limit)");
        }
        if (off == null || !off.isArray() || off.size() != 2 || !off.get(0).canConvertToLong() || !off.get(1).canConvertToLong())
            throw bad(file, where + "missing or bad data_offsets " + off);
        long begin = off.get(0).asLong(), end = off.get(1).asLong();
        if (begin < 0 || end < begin) throw bad(file, where + "data_offsets [" + begin + ", " + end + "] out of range");
        if (end > dataSize)
            throw bad(file, where + "data_offsets [" + begin + ", " + end + "] beyond the end of the data (" + dataSize + " bytes): truncated file");
        long need = numel * dtype.bytes; // numel < 2^31, so exact
        if (end - begin != need)
            throw bad(file, where + "data_offsets [" + begin + ", " + end + "] span " + (end - begin) + " bytes but "
                    + dtype + Arrays.toString(shape) + " needs " + need);
        if (need > Integer.MAX_VALUE) throw bad(file, where + "tensor of " + need + " bytes exceeds the 2 GiB per-tensor limit");
        return new Entry(name, dtype, shape, begin, end);
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, pos);
            if (r < 0) throw new IOException("unexpected end of file");
            pos += r;
        }
        b.flip();
    }

    private static IllegalArgumentException bad(Path file, String what) {
        return FileError.of(file, what);
    }
}
