package trm4j.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A read-only zip archive of STORED records, read from its central directory (ZIP64 included) so that each
 * record can be memory-mapped in place. This is how {@code torch.save} writes checkpoints: every record
 * uncompressed, sizes only in the central directory (local headers use data descriptors), data 64-byte aligned.
 * {@code java.util.zip.ZipInputStream} refuses such files and {@code ZipFile} cannot map a record, hence this class.
 */
public final class ZipArchive implements AutoCloseable {

    /** One record: where its bytes start in the file, how many there are, and how they are compressed. */
    public record Entry(String name, long dataOffset, long size, int method) {}

    private static final int LOCAL = 0x04034b50, CENTRAL = 0x02014b50, END = 0x06054b50;
    private static final int ZIP64_END = 0x06064b50, ZIP64_LOCATOR = 0x07064b50;

    private final Path file;
    private final FileChannel ch;
    private final long size;
    private final Map<String, Entry> entries;

    private ZipArchive(Path file, FileChannel ch) throws IOException {
        this.file = file;
        this.ch = ch;
        this.size = ch.size();
        this.entries = Collections.unmodifiableMap(readCentralDirectory());
    }

    public static ZipArchive open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new ZipArchive(file, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** True when the file starts with the zip local-header signature. */
    public static boolean isZip(Path file) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
            if (c.size() < 4) return false;
            ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            c.read(b, 0); // size >= 4: a plain file returns its first 4 bytes
            return b.position() == 4 && b.getInt(0) == LOCAL;
        }
    }

    /** Records in central-directory order. */
    public List<Entry> entries() { return List.copyOf(entries.values()); }

    public Entry get(String name) { return entries.get(name); }

    /** The bytes of a record as a read-only mapping (no copy). */
    public ByteBuffer map(Entry e) throws IOException {
        requireStored(e);
        if (e.size > Integer.MAX_VALUE) throw bad("record '" + e.name + "' is " + e.size + " bytes, over the 2 GiB limit of one mapping");
        if (e.size == 0) return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
        return ch.map(FileChannel.MapMode.READ_ONLY, e.dataOffset, e.size).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The bytes of a small record, copied onto the heap. */
    public byte[] read(Entry e) throws IOException {
        requireStored(e);
        if (e.size > Integer.MAX_VALUE - 16) throw bad("record '" + e.name + "' too large to read into memory");
        ByteBuffer b = ByteBuffer.allocate((int) e.size);
        readAt(ch, b, e.dataOffset);
        return b.array();
    }

    @Override
    public void close() throws IOException { ch.close(); }

    private void requireStored(Entry e) {
        if (e.method != 0)
            throw bad("record '" + e.name + "' is compressed (method " + e.method + "); only STORED records (as torch.save writes) are supported");
    }

    private Map<String, Entry> readCentralDirectory() throws IOException {
        // The end record sits in the last 22 + 65535 (max comment) bytes.
        int tail = (int) Math.min(size, 22 + 65535);
        ByteBuffer t = ByteBuffer.allocate(tail).order(ByteOrder.LITTLE_ENDIAN);
        readAt(ch, t, size - tail);
        int end = -1;
        for (int i = tail - 22; i >= 0; i--) if (t.getInt(i) == END) { end = i; break; }
        if (end < 0) throw bad("no zip end-of-central-directory record: the file is truncated or not a zip archive");
        long count = t.getShort(end + 10) & 0xffff;
        long cdSize = t.getInt(end + 12) & 0xffffffffL;
        long cdOffset = t.getInt(end + 16) & 0xffffffffL;
        long endPos = size - tail + end;
        if (endPos >= 20) {
            ByteBuffer loc = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
            readAt(ch, loc, endPos - 20);
            if (loc.getInt(0) == ZIP64_LOCATOR) {
                long z = loc.getLong(8);
                ByteBuffer z64 = ByteBuffer.allocate(56).order(ByteOrder.LITTLE_ENDIAN);
                if (z < 0 || z + 56 > size) throw bad("ZIP64 end record offset " + z + " is outside the file: truncated?");
                readAt(ch, z64, z);
                if (z64.getInt(0) != ZIP64_END) throw bad("bad ZIP64 end record at offset " + z);
                count = z64.getLong(32);
                cdSize = z64.getLong(40);
                cdOffset = z64.getLong(48);
            }
        }
        if (cdOffset < 0 || cdSize < 0 || cdOffset + cdSize > size || cdSize > Integer.MAX_VALUE)
            throw bad("central directory [" + cdOffset + ", +" + cdSize + ") is outside the file: truncated?");
        ByteBuffer cd = ByteBuffer.allocate((int) cdSize).order(ByteOrder.LITTLE_ENDIAN);
        readAt(ch, cd, cdOffset);
        Map<String, Entry> out = new LinkedHashMap<>();
        List<long[]> pending = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int p = 0;
        for (long i = 0; i < count; i++) {
            if (p + 46 > cdSize || cd.getInt(p) != CENTRAL) throw bad("corrupt central directory at entry " + i);
            int method = cd.getShort(p + 10) & 0xffff;
            long csize = cd.getInt(p + 20) & 0xffffffffL, usize = cd.getInt(p + 24) & 0xffffffffL;
            int nlen = cd.getShort(p + 28) & 0xffff, xlen = cd.getShort(p + 30) & 0xffff, clen = cd.getShort(p + 32) & 0xffff;
            long local = cd.getInt(p + 42) & 0xffffffffL;
            if (p + 46 + nlen + xlen > cdSize) throw bad("corrupt central directory at entry " + i);
            String name = new String(cd.array(), p + 46, nlen, StandardCharsets.UTF_8);
            // ZIP64 extra field: 64-bit values for exactly those fields that are 0xFFFFFFFF above, in this order.
            for (int x = p + 46 + nlen; x + 4 <= p + 46 + nlen + xlen; ) {
                int id = cd.getShort(x) & 0xffff, len = cd.getShort(x + 2) & 0xffff;
                if (id == 1) {
                    int q = x + 4;
                    if (usize == 0xffffffffL && q + 8 <= x + 4 + len) { usize = cd.getLong(q); q += 8; }
                    if (csize == 0xffffffffL && q + 8 <= x + 4 + len) { csize = cd.getLong(q); q += 8; }
                    if (local == 0xffffffffL && q + 8 <= x + 4 + len) { local = cd.getLong(q); }
                }
                x += 4 + len;
            }
            if (method == 0 && csize != usize) throw bad("record '" + name + "' is STORED but its sizes differ");
            names.add(name);
            pending.add(new long[]{local, csize, method});
            p += 46 + nlen + xlen + clen;
        }
        ByteBuffer lh = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < names.size(); i++) {
            long local = pending.get(i)[0], csize = pending.get(i)[1];
            if (local + 30 > size) throw bad("record '" + names.get(i) + "' starts beyond the end of the file: truncated?");
            lh.clear();
            readAt(ch, lh, local);
            if (lh.getInt(0) != LOCAL) throw bad("record '" + names.get(i) + "': no local header at offset " + local);
            long data = local + 30 + (lh.getShort(26) & 0xffff) + (lh.getShort(28) & 0xffff);
            if (data + csize > size)
                throw bad("record '" + names.get(i) + "' [" + data + ", +" + csize + ") extends past the end of the file (" + size + " bytes): truncated");
            out.put(names.get(i), new Entry(names.get(i), data, csize, (int) pending.get(i)[2]));
        }
        return out;
    }

    private void readAt(FileChannel c, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int r = c.read(b, pos);
            if (r < 0) throw new IOException(file + ": unexpected end of file at offset " + pos + " (truncated archive?)");
            pos += r;
        }
    }

    private IllegalArgumentException bad(String what) {
        return FileError.of(file, what);
    }
}
