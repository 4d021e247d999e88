package trm4j.io;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * NumPy {@code .npy} files: reads format 1.0, 2.0 and 3.0, writes the bytes {@code np.save} writes (numpy ≥ 1.24:
 * header dict with sorted keys, 21-digit growth space after the dict, space padding and a newline so that
 * the data starts at a multiple of 64). Little-endian, C order; dtypes u1, i1, b1, i2, i4, i8, f2, f4, f8.
 * Every read is memory-mapped; every write goes to a temp file in the target's directory and is renamed.
 */
public final class Npy {
    private Npy() {}

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAGIC_LEN = MAGIC.length + 2;
    private static final int ARRAY_ALIGN = 64;
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final int MAX_HEADER = 1 << 20;

    /** A parsed header: element type, shape, and where the raw data starts in the file. */
    public record Header(DType dtype, long[] shape, boolean fortranOrder, int majorVersion, long dataOffset) {
        public Header {
            shape = shape.clone();
        }

        @Override
        public long[] shape() { return shape.clone(); }

        public int ndim() { return shape.length; }

        public long dim(int i) { return shape[i]; }

        public long numel() {
            long n = 1;
            for (long d : shape) n = Math.multiplyExact(n, d);
            return n;
        }

        public long dataBytes() { return Math.multiplyExact(numel(), (long) dtype.bytes); }
    }

    /** A mapped array of any size (beyond the 2 GiB of a ByteBuffer): header plus the data segment. */
    public record Mapped(Path file, Header header, MemorySegment data) {}

    // ---------------------------------------------------------------- dtype names

    /** The numpy {@code descr} string {@code np.save} writes for a dtype. */
    public static String descr(DType d) {
        return switch (d) {
            case U8 -> "|u1";
            case I8 -> "|i1";
            case BOOL -> "|b1";
            case I16 -> "<i2";
            case I32 -> "<i4";
            case I64 -> "<i8";
            case F16 -> "<f2";
            case F32 -> "<f4";
            case F64 -> "<f8";
            case BF16 -> throw new IllegalArgumentException("bf16 has no .npy dtype; convert to float32 first");
        };
    }

    private static DType fromDescr(String s) {
        if (s.length() != 3) return null;
        char order = s.charAt(0);
        String kind = s.substring(1);
        DType d = switch (kind) {
            case "u1" -> DType.U8;
            case "i1" -> DType.I8;
            case "b1" -> DType.BOOL;
            case "i2" -> DType.I16;
            case "i4" -> DType.I32;
            case "i8" -> DType.I64;
            case "f2" -> DType.F16;
            case "f4" -> DType.F32;
            case "f8" -> DType.F64;
            default -> null;
        };
        if (d == null) return null;
        // byte order matters only for multi-byte types; '=' would be native, which numpy never writes
        boolean ok = d.bytes == 1 ? (order == '|' || order == '<' || order == '>' || order == '=') : order == '<';
        return ok ? d : null;
    }

    // ---------------------------------------------------------------- writing

    /** The exact header bytes (magic through newline) numpy writes for a C-order array of this dtype and shape. */
    public static byte[] header(DType dtype, long... shape) {
        StringBuilder sb = new StringBuilder("{'descr': '").append(descr(dtype)).append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            if (i > 0) sb.append(", ");
            sb.append(shape[i]);
        }
        if (shape.length == 1) sb.append(',');
        sb.append("), }");
        // numpy leaves room for the first axis to grow to 21 digits so the header can be rewritten in place
        if (shape.length > 0) sb.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length()));
        byte[] dict = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] h = wrap(dict, 1);
        return h != null ? h : wrap(dict, 2);
    }

    /** Magic, version, length field, dict, padding and newline; null when the header does not fit the version. */
    private static byte[] wrap(byte[] dict, int major) {
        int lenBytes = major == 1 ? 2 : 4;
        int hlen = dict.length + 1;
        // as numpy: an already aligned header still gets a full block of padding
        int padlen = ARRAY_ALIGN - ((MAGIC_LEN + lenBytes + hlen) % ARRAY_ALIGN);
        long total = (long) hlen + padlen;
        if (major == 1 && total > 0xffff) return null;
        ByteBuffer b = ByteBuffer.allocate(MAGIC_LEN + lenBytes + (int) total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) b.putShort((short) total);
        else b.putInt((int) total);
        b.put(dict);
        for (int i = 0; i < padlen; i++) b.put((byte) ' ');
        b.put((byte) '\n');
        return b.array();
    }

    /** Writes a tensor as {@code np.save} would (atomically: temp file in the same directory, then rename). */
    public static void write(Path file, RawTensor t) throws IOException {
        int[] s = t.shape();
        long[] shape = new long[s.length];
        for (int i = 0; i < s.length; i++) shape[i] = s[i];
        byte[] h = header(t.dtype(), shape);
        AtomicFiles.writeChannel(file, ch -> {
            AtomicFiles.writeFully(ch, ByteBuffer.wrap(h));
            AtomicFiles.writeFully(ch, t.data().duplicate());
        });
    }

    /** Opens a streaming writer of rows of {@code rowShape} (the first axis grows as rows are appended). */
    public static Appender append(Path file, DType dtype, int... rowShape) throws IOException {
        return new Appender(file, dtype, rowShape);
    }

    /**
     * Streams an array row by row with bounded memory: the header is reserved up front (numpy's growth space
     * makes its length independent of the row count) and rewritten with the final count on {@link #finish}.
     * Closing without finishing deletes the temp file.
     */
    public static final class Appender implements Closeable {
        private final Path target;
        private final Path tmp;
        private final DType dtype;
        private final long[] rowShape;
        private final long rowBytes;
        private final int headerLen;
        private OutputStream out;
        private long bytes;
        private boolean done;

        private Appender(Path target, DType dtype, int[] rowShape) throws IOException {
            this.target = target;
            this.dtype = dtype;
            this.rowShape = new long[rowShape.length];
            long rb = dtype.bytes;
            for (int i = 0; i < rowShape.length; i++) {
                this.rowShape[i] = rowShape[i];
                rb *= rowShape[i];
            }
            this.rowBytes = rb;
            this.headerLen = header(dtype, shapeFor(0)).length;
            this.tmp = AtomicFiles.tempSibling(target);
            this.out = new BufferedOutputStream(Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 20);
            out.write(new byte[headerLen]);
        }

        private long[] shapeFor(long rows) {
            long[] s = new long[rowShape.length + 1];
            s[0] = rows;
            System.arraycopy(rowShape, 0, s, 1, rowShape.length);
            return s;
        }

        public DType dtype() { return dtype; }

        /** Bytes per row (dtype size times the row's element count). */
        public long rowBytes() { return rowBytes; }

        /** Rows completely written so far. */
        public long rows() { return rowBytes == 0 ? 0 : bytes / rowBytes; }

        /** Appends raw little-endian element bytes (any number of rows, possibly split across calls). */
        public void write(byte[] b, int off, int len) throws IOException {
            if (done) throw new IllegalStateException("appender for " + target + " already finished");
            out.write(b, off, len);
            bytes += len;
        }

        public void write(byte[] b) throws IOException { write(b, 0, b.length); }

        /** Writes the final header and renames the file into place; returns the number of rows. */
        public long finish() throws IOException {
            if (done) throw new IllegalStateException("appender for " + target + " already finished");
            done = true;
            out.close();
            out = null;
            if (rowBytes == 0 || bytes % rowBytes != 0)
                throw new IllegalStateException(target + ": " + bytes + " bytes written is not a whole number of rows of " + rowBytes + " bytes");
            long rows = bytes / rowBytes;
            byte[] h = header(dtype, shapeFor(rows));
            if (h.length != headerLen) throw new IllegalStateException(target + ": header length changed from " + headerLen + " to " + h.length);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer hb = ByteBuffer.wrap(h);
                long pos = 0;
                while (hb.hasRemaining()) pos += ch.write(hb, pos);
                ch.force(true);
            }
            AtomicFiles.replace(tmp, target);
            return rows;
        }

        @Override
        public void close() throws IOException {
            if (out != null) {
                try { out.close(); } catch (IOException ignored) { /* abandoning the file anyway */ }
                out = null;
            }
            Files.deleteIfExists(tmp);
        }
    }

    // ---------------------------------------------------------------- reading

    /** Reads and validates the header of a {@code .npy} file (one-line errors naming the file). */
    public static Header readHeader(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return readHeader(file, ch);
        }
    }

    private static Header readHeader(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        ByteBuffer pre = ByteBuffer.allocate(MAGIC_LEN + 4).order(ByteOrder.LITTLE_ENDIAN);
        readAt(ch, pre, 0);
        pre.flip();
        if (pre.remaining() < MAGIC_LEN + 2) throw bad(file, "not a .npy file (too short for the magic string; expected \\x93NUMPY)");
        for (int i = 0; i < MAGIC.length; i++)
            if (pre.get(i) != MAGIC[i]) throw bad(file, "not a .npy file (bad magic at offset 0; expected \\x93NUMPY)");
        int major = pre.get(6) & 0xff, minor = pre.get(7) & 0xff;
        if (major < 1 || major > 3 || minor != 0)
            throw bad(file, "unsupported .npy format version " + major + "." + minor + " at offset 6 (supported: 1.0, 2.0, 3.0)");
        long hlen;
        int lenBytes = major == 1 ? 2 : 4;
        if (pre.remaining() < MAGIC_LEN + lenBytes) throw bad(file, "truncated .npy header length at offset 8");
        hlen = major == 1 ? pre.getShort(8) & 0xffffL : pre.getInt(8) & 0xffffffffL;
        long start = MAGIC_LEN + lenBytes;
        if (hlen > MAX_HEADER) throw bad(file, "malformed .npy header: length " + hlen + " at offset 8 is implausibly large");
        if (start + hlen > size) throw bad(file, "truncated .npy header: needs " + (start + hlen) + " bytes, file has " + size);
        ByteBuffer hb = ByteBuffer.allocate((int) hlen);
        readAt(ch, hb, start);
        String text = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Header h = HeaderParser.parse(file, text, major, start + hlen);
        if (h.fortranOrder() && h.ndim() > 1)
            throw bad(file, "unsupported Fortran-order array (fortran_order: True); save it with np.ascontiguousarray");
        long need;
        try {
            need = Math.addExact(h.dataOffset(), h.dataBytes());
        } catch (ArithmeticException e) {
            throw bad(file, "shape " + Arrays.toString(h.shape()) + " of " + h.dtype() + " overflows a 64-bit byte count: corrupt or hostile header");
        }
        if (size < need)
            throw bad(file, "truncated .npy data: header says " + h.dataBytes() + " bytes from offset " + h.dataOffset() + ", file has " + (size - h.dataOffset()));
        return h;
    }

    private static void readAt(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) break;
            pos += n;
        }
    }

    static IllegalArgumentException bad(Path file, String what) {
        return FileError.of(file, what);
    }

    /** Reads an array of at most 2 GiB as a memory-mapped RawTensor. */
    public static RawTensor read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = readHeader(file, ch);
            long n = h.dataBytes();
            if (n > Integer.MAX_VALUE) throw bad(file, "array of " + n + " bytes is too large for a RawTensor; use Npy.map");
            int[] shape = new int[h.ndim()];
            for (int i = 0; i < shape.length; i++) {
                if (h.dim(i) > Integer.MAX_VALUE) throw bad(file, "dimension " + i + " = " + h.dim(i) + " is too large for a RawTensor (2^31 - 1 at most)");
                shape[i] = (int) h.dim(i);
            }
            ByteBuffer data = ch.map(FileChannel.MapMode.READ_ONLY, h.dataOffset(), n);
            return new RawTensor(h.dtype(), shape, data.order(ByteOrder.LITTLE_ENDIAN));
        }
    }

    /** Maps an array of any size; the segment lives as long as {@code arena}. */
    public static Mapped map(Path file, Arena arena) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h = readHeader(file, ch);
            MemorySegment seg = h.dataBytes() == 0 ? MemorySegment.ofArray(new byte[0])
                    : ch.map(FileChannel.MapMode.READ_ONLY, h.dataOffset(), h.dataBytes(), arena);
            return new Mapped(file, h, seg);
        }
    }

    // ---------------------------------------------------------------- header dict parsing

    /** Parses the Python dict literal numpy writes (keys in any order, either quote style). */
    private static final class HeaderParser {
        private final Path file;
        private final String s;
        private int p;

        private HeaderParser(Path file, String s) {
            this.file = file;
            this.s = s;
        }

        static Header parse(Path file, String text, int major, long dataOffset) {
            HeaderParser hp = new HeaderParser(file, text);
            String descr = null;
            Boolean fortran = null;
            long[] shape = null;
            hp.expect('{');
            while (true) {
                hp.ws();
                if (hp.peek() == '}') { hp.p++; break; }
                String key = hp.string();
                hp.expect(':');
                switch (key) {
                    case "descr" -> descr = hp.string();
                    case "fortran_order" -> fortran = hp.bool();
                    case "shape" -> shape = hp.tuple();
                    default -> throw hp.err("unexpected key '" + key + "'");
                }
                hp.ws();
                if (hp.peek() == ',') hp.p++;
                else if (hp.peek() != '}') throw hp.err("expected ',' or '}'");
            }
            for (; hp.p < text.length(); hp.p++)
                if (!Character.isWhitespace(text.charAt(hp.p))) throw hp.err("unexpected text after the dict");
            if (descr == null || fortran == null || shape == null)
                throw bad(file, "malformed .npy header: needs the keys 'descr', 'fortran_order' and 'shape'");
            DType d = fromDescr(descr);
            if (d == null)
                throw bad(file, "unsupported .npy dtype '" + (descr.length() > 20 ? descr.substring(0, 20) + "…" : descr).replaceAll("\\p{Cntrl}", "?") + "' (supported: |u1 |i1 |b1 <i2 <i4 <i8 <f2 <f4 <f8)");
            return new Header(d, shape, fortran, major, dataOffset);
        }

        private IllegalArgumentException err(String what) {
            String h = s.strip().replaceAll("\\p{Cntrl}", "?");
            return bad(file, "malformed .npy header at character " + p + ": " + what + " in " + (h.length() > 120 ? h.substring(0, 120) + "…" : h));
        }

        private char peek() {
            if (p >= s.length()) throw err("unexpected end");
            return s.charAt(p);
        }

        private void ws() {
            while (p < s.length() && Character.isWhitespace(s.charAt(p))) p++;
        }

        private void expect(char c) {
            ws();
            if (peek() != c) throw err("expected '" + c + "'");
            p++;
        }

        private String string() {
            ws();
            char q = peek();
            if (q != '\'' && q != '"') throw err("expected a quoted string");
            int end = s.indexOf(q, p + 1);
            if (end < 0) throw err("unterminated string");
            String v = s.substring(p + 1, end);
            p = end + 1;
            return v;
        }

        private boolean bool() {
            ws();
            if (s.startsWith("True", p)) { p += 4; return true; }
            if (s.startsWith("False", p)) { p += 5; return false; }
            throw err("expected True or False");
        }

        private long[] tuple() {
            expect('(');
            long[] out = new long[8];
            int n = 0;
            while (true) {
                ws();
                if (peek() == ')') { p++; break; }
                int st = p;
                while (p < s.length() && Character.isDigit(s.charAt(p))) p++;
                if (st == p) throw err("expected a non-negative integer dimension");
                // Python 2 wrote long dimensions with an 'L' suffix
                long v;
                try {
                    v = Long.parseLong(s.substring(st, p));
                } catch (NumberFormatException e) {
                    throw err("dimension too large");
                }
                if (p < s.length() && s.charAt(p) == 'L') p++;
                if (n == out.length) out = Arrays.copyOf(out, n * 2);
                out[n++] = v;
                ws();
                if (peek() == ',') p++;
                else if (peek() != ')') throw err("expected ',' or ')' in shape");
            }
            return Arrays.copyOf(out, n);
        }
    }
}
