package trm4j.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

class NpyTest {
    @TempDir
    Path dir;

    /**
     * The header np.save writes (numpy ≥ 1.24): magic, version 1.0, little-endian length, the dict, then spaces
     * and '\n' so the data starts at {@code total}. Values observed with numpy 2.4.
     */
    private static byte[] numpyHeader(String dict, int total) {
        byte[] out = new byte[total];
        byte[] pre = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) ((total - 10) & 0xff), (byte) ((total - 10) >> 8)};
        System.arraycopy(pre, 0, out, 0, 10);
        byte[] d = dict.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(d, 0, out, 10, d.length);
        Arrays.fill(out, 10 + d.length, total - 1, (byte) ' ');
        out[total - 1] = '\n';
        return out;
    }

    @Test
    void headersMatchNumpy() {
        assertArrayEquals(numpyHeader("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }", 128),
                Npy.header(DType.I32, 2, 3));
        assertArrayEquals(numpyHeader("{'descr': '|u1', 'fortran_order': False, 'shape': (5,), }", 128),
                Npy.header(DType.U8, 5));
        assertArrayEquals(numpyHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", 128),
                Npy.header(DType.F32));
        assertArrayEquals(numpyHeader("{'descr': '|u1', 'fortran_order': False, 'shape': (1001000, 81), }", 128),
                Npy.header(DType.U8, 1001000, 81));
        assertArrayEquals(numpyHeader("{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", 128),
                Npy.header(DType.BOOL, 3));
        assertArrayEquals(numpyHeader("{'descr': '<i8', 'fortran_order': False, 'shape': (3, 2), }", 128),
                Npy.header(DType.I64, 3, 2));
        // dict + growth space + newline already aligned: numpy still adds a full 64 bytes of padding
        assertArrayEquals(numpyHeader("{'descr': '<i4', 'fortran_order': False, 'shape': (0, 10, 10, 10, 10, 10, 10, 10, 10, 10, 100), }", 192),
                Npy.header(DType.I32, 0, 10, 10, 10, 10, 10, 10, 10, 10, 10, 100));
    }

    @Test
    void headerLengthDoesNotDependOnRowCount() {
        assertEquals(Npy.header(DType.U8, 0, 900).length, Npy.header(DType.U8, 123_456_789_012L, 900).length);
    }

    @Test
    void writeProducesNumpyBytes() throws IOException {
        Path f = dir.resolve("a.npy");
        Npy.write(f, RawTensor.ofInts(new int[]{1, 2, 3, -4, 5, 6}, 2, 3));
        byte[] got = Files.readAllBytes(f);
        byte[] h = numpyHeader("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }", 128);
        assertEquals(128 + 24, got.length);
        assertArrayEquals(h, Arrays.copyOf(got, 128));
        ByteBuffer b = ByteBuffer.wrap(got, 128, 24).order(ByteOrder.LITTLE_ENDIAN);
        int[] vals = new int[6];
        for (int i = 0; i < 6; i++) vals[i] = b.getInt();
        assertArrayEquals(new int[]{1, 2, 3, -4, 5, 6}, vals);
        try (var s = Files.list(dir)) { assertEquals(1, s.count(), "no temp file left behind"); }
    }

    private static RawTensor bytesTensor(DType d, byte[] v, int... shape) {
        return new RawTensor(d, shape, ByteBuffer.wrap(v));
    }

    @Test
    void roundTripsEveryDtype() throws IOException {
        RawTensor[] ts = {
                bytesTensor(DType.U8, new byte[]{0, 1, (byte) 200, (byte) 255}, 4),
                bytesTensor(DType.BOOL, new byte[]{1, 0, 0, 1, 1, 0}, 2, 3),
                RawTensor.ofInts(new int[]{Integer.MIN_VALUE, -1, 0, 7, Integer.MAX_VALUE, 42}, 3, 2),
                RawTensor.ofLongs(new long[]{Long.MIN_VALUE, -3, 1L << 40}, 3),
                RawTensor.ofFloats(new float[]{1.5f, -0f, Float.NaN, 3e-38f, 1e30f, -7.25f, 0.1f, 2f}, 2, 2, 2),
                RawTensor.ofFloats(new float[]{3.25f}),
        };
        for (int k = 0; k < ts.length; k++) {
            Path f = dir.resolve("t" + k + ".npy");
            Npy.write(f, ts[k]);
            RawTensor r = Npy.read(f);
            assertEquals(ts[k].dtype(), r.dtype());
            assertArrayEquals(ts[k].shape(), r.shape());
            assertEquals(ts[k].data(), r.data(), "data of " + ts[k]);
            Npy.Header h = Npy.readHeader(f);
            assertEquals(1, h.majorVersion());
            assertEquals(0, h.dataOffset() % 64);
        }
        assertArrayEquals(new long[]{0, 1, 200, 255}, Npy.read(dir.resolve("t0.npy")).toLongs());
        assertArrayEquals(new long[]{Long.MIN_VALUE, -3, 1L << 40}, Npy.read(dir.resolve("t3.npy")).toLongs());
    }

    @Test
    void appenderStreamsRowsAndMatchesWrite() throws IOException {
        Path a = dir.resolve("stream.npy"), b = dir.resolve("whole.npy");
        byte[] all = new byte[7 * 5];
        for (int i = 0; i < all.length; i++) all[i] = (byte) (i * 7);
        try (Npy.Appender ap = Npy.append(a, DType.U8, 5)) {
            ap.write(all, 0, 12);   // rows may be split across calls
            ap.write(all, 12, all.length - 12);
            assertEquals(7, ap.rows());
            assertFalse(Files.exists(a), "nothing in place before finish");
            assertEquals(7, ap.finish());
        }
        Npy.write(b, bytesTensor(DType.U8, all, 7, 5));
        assertArrayEquals(Files.readAllBytes(b), Files.readAllBytes(a));
        try (var s = Files.list(dir)) { assertEquals(2, s.count()); }
    }

    @Test
    void abandonedAppenderLeavesNothing() throws IOException {
        Path a = dir.resolve("x.npy");
        try (Npy.Appender ap = Npy.append(a, DType.I32, 3)) {
            ap.write(new byte[12]);
        }
        try (var s = Files.list(dir)) { assertEquals(0, s.count()); }
    }

    @Test
    void mapsLargeLayoutAndReadsValues() throws IOException {
        Path f = dir.resolve("m.npy");
        Npy.write(f, RawTensor.ofInts(new int[]{10, 20, 30, 40}, 2, 2));
        try (Arena arena = Arena.ofConfined()) {
            Npy.Mapped m = Npy.map(f, arena);
            assertArrayEquals(new long[]{2, 2}, m.header().shape());
            assertEquals(16, m.data().byteSize());
            assertEquals(30, m.data().get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 8));
        }
    }

    @Test
    void readsVersion2AndOtherQuoteStyles() throws IOException {
        // a hand-made v2.0 file with double quotes, keys out of order and no trailing growth space
        String dict = "{\"shape\": (3,), \"fortran_order\": False, \"descr\": \"<i4\"}";
        int hlen = 128 - 12;   // data at offset 128
        ByteBuffer b = ByteBuffer.allocate(128 + 12).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(hlen);
        byte[] d = dict.getBytes(StandardCharsets.ISO_8859_1);
        b.put(d);
        for (int i = 12 + d.length; i < 127; i++) b.put((byte) ' ');
        b.put((byte) '\n').putInt(4).putInt(-5).putInt(6);
        Path f = dir.resolve("v2.npy");
        Files.write(f, b.array());
        RawTensor t = Npy.read(f);
        assertArrayEquals(new int[]{4, -5, 6}, t.toInts());
        assertEquals(2, Npy.readHeader(f).majorVersion());
    }

    private void assertRejected(byte[] content, String messagePart) throws IOException {
        Path f = dir.resolve("bad.npy");
        Files.write(f, content);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    private static byte[] fileWith(String dict, byte[] data) {
        byte[] h = numpyHeader(dict, 128);
        byte[] out = Arrays.copyOf(h, h.length + data.length);
        System.arraycopy(data, 0, out, h.length, data.length);
        return out;
    }

    @Test
    void rejectsBadFiles() throws IOException {
        byte[] good = fileWith("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", new byte[8]);
        byte[] magic = good.clone();
        magic[1] = 'X';
        assertRejected(magic, "bad magic");
        assertRejected(new byte[]{1, 2, 3}, "too short");
        assertRejected(Arrays.copyOf(good, good.length - 1), "truncated .npy data");
        assertRejected(Arrays.copyOf(good, 60), "truncated .npy header");
        assertRejected(fileWith("{'descr': '>i4', 'fortran_order': False, 'shape': (2,), }", new byte[8]), "unsupported .npy dtype '>i4'");
        assertRejected(fileWith("{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }", new byte[16]), "unsupported .npy dtype");
        assertRejected(fileWith("{'descr': '<i4', 'fortran_order': True, 'shape': (2, 1), }", new byte[8]), "Fortran-order");
        assertRejected(fileWith("{'descr': '<i4', 'fortran_order': False, 'shape': (2, x), }", new byte[8]), "malformed .npy header");
        assertRejected(fileWith("{'descr': '<i4', 'shape': (2,), }", new byte[8]), "needs the keys");
        // (2^62, 2^62) overflowed the byte count with an internal ArithmeticException
        assertRejected(fileWith("{'descr': '<i4', 'fortran_order': False, 'shape': (4611686018427387904, 4611686018427387904), }", new byte[8]),
                "overflows a 64-bit byte count");
        assertRejected(fileWith("{'descr': '<i4', 'fortran_order': False, 'shape': (99999999999999999999,), }", new byte[8]), "dimension too large");
        assertRejected(fileWith("{'descr': '<i4', 'fortran_order': False, 'shape': (0, 4294967296), }", new byte[0]), "too large for a RawTensor");
        byte[] version = good.clone();
        version[6] = 9;
        assertRejected(version, "unsupported .npy format version 9.0");
    }
}
