package trm4j.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class SafetensorsTest {
    @TempDir Path dir;

    private static RawTensor random(DType d, Random r, int... shape) {
        byte[] b = new byte[RawTensor.numel(shape) * d.bytes];
        r.nextBytes(b);
        if (d == DType.BOOL) for (int i = 0; i < b.length; i++) b[i] &= 1;
        return new RawTensor(d, shape, ByteBuffer.wrap(b));
    }

    private static byte[] bytes(RawTensor t) {
        ByteBuffer b = t.data().duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Test
    void roundTripsEveryDtypeInMapOrder() throws IOException {
        Random r = new Random(7);
        Map<String, RawTensor> in = new LinkedHashMap<>();
        int k = 0;
        for (DType d : DType.values()) {
            in.put("z" + (k++) + "." + d, random(d, r, 3, 5));
            in.put("a" + (k++) + ".scalar." + d, random(d, r));
        }
        in.put("empty", random(DType.F32, r, 0, 4));
        Path f = dir.resolve("t.safetensors");
        Safetensors.write(f, in, Map.of("format", "pt", "step", "3"));
        Map<String, RawTensor> out = Safetensors.read(f);
        assertEquals(List.copyOf(in.keySet()), List.copyOf(out.keySet()));
        for (var e : in.entrySet()) {
            RawTensor o = out.get(e.getKey());
            assertEquals(e.getValue().dtype(), o.dtype(), e.getKey());
            assertArrayEquals(e.getValue().shape(), o.shape(), e.getKey());
            assertArrayEquals(bytes(e.getValue()), bytes(o), e.getKey());
        }
        assertEquals(Map.of("format", "pt", "step", "3"), Safetensors.metadata(f));
        assertArrayEquals(new int[0], out.get("a1.scalar.F64").shape());
        // header is padded so the data starts 8-aligned, and no temp file is left behind
        ByteBuffer head = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, head.getLong(0) % 8);
        try (var s = Files.list(dir)) { assertEquals(1, s.count()); }
    }

    @Test
    void perTensorMappingGivesTheSameTensors() throws IOException {
        // files whose data exceeds 2 GiB are mapped tensor by tensor; force that path on a small file
        Random r = new Random(3);
        Map<String, RawTensor> in = new LinkedHashMap<>();
        in.put("a", random(DType.F32, r, 5, 7));
        in.put("e", random(DType.I64, r, 0));
        in.put("b", random(DType.BF16, r, 3));
        Path f = dir.resolve("p.safetensors");
        Safetensors.write(f, in);
        Map<String, RawTensor> out = Safetensors.read(f, 0);
        for (var e : in.entrySet()) assertArrayEquals(bytes(e.getValue()), bytes(out.get(e.getKey())), e.getKey());
        assertTrue(out.get("a").data().isDirect());
    }

    @Test
    void valuesSurviveConversion() throws IOException {
        Map<String, RawTensor> in = new LinkedHashMap<>();
        in.put("f", RawTensor.ofFloats(new float[]{1.5f, -2.25f, 3e-8f, 7f}, 2, 2));
        in.put("i", RawTensor.ofLongs(new long[]{-3, 1L << 40}, 2));
        in.put("b", RawTensor.ofBf16(new float[]{1.0f, 1.00390625f, 1.01171875f, -0f}, 4));
        Path f = dir.resolve("v.safetensors");
        Safetensors.write(f, in);
        Map<String, RawTensor> out = Safetensors.read(f);
        assertArrayEquals(new float[]{1.5f, -2.25f, 3e-8f, 7f}, out.get("f").toFloats());
        assertArrayEquals(new long[]{-3, 1L << 40}, out.get("i").toLongs());
        // 1 + 2^-8 is a tie between 1 and 1 + 2^-7: nearest-even gives 1; 1 + 3·2^-8 rounds up to 1 + 2^-6
        assertArrayEquals(new float[]{1.0f, 1.0f, 1.015625f, -0f}, out.get("b").toFloats());
        assertTrue(Safetensors.metadata(f).isEmpty());
    }

    private Path raw(String json, int dataBytes, long declaredLength) throws IOException {
        byte[] j = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + j.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declaredLength).put(j);
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, b.array());
        return f;
    }

    private Path raw(String json, int dataBytes) throws IOException {
        return raw(json, dataBytes, json.getBytes(StandardCharsets.UTF_8).length);
    }

    private static void rejects(Path f, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Safetensors.read(f));
        String m = e.getMessage();
        assertFalse(m.contains("\n"), m);
        assertTrue(m.contains(f.toString()), m);
        for (String s : fragments) assertTrue(m.contains(s), "'" + m + "' lacks '" + s + "'");
    }

    @Test
    void rejectsMalformedFiles() throws IOException {
        rejects(raw("{}", 0, 1000), "header length 1000 larger than the file");
        rejects(raw("{\"a\": {\"dtype\": \"F32\",", 0), "bad JSON");
        rejects(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12), "tensor 'b'", "overlap", "'a'");
        rejects(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", 8), "tensor 'a'", "out of range");
        rejects(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "tensor 'a'", "needs 12");
        rejects(raw("{\"a\":{\"dtype\":\"Q4\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8), "tensor 'a'", "unknown dtype 'Q4'");
        rejects(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 10), "tensor 'a'", "truncated file");
        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[]{1, 2, 3});
        rejects(tiny, "truncated file");
    }

    @Test
    void rejectsWhatTheFormatForbidsAndShapesBeyondTheLimits() throws IOException {
        long m = Integer.MAX_VALUE;
        // [2^31-1]^3 overflowed the element count ("internal error: long overflow", no file name)
        rejects(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[" + m + "," + m + "," + m + "],\"data_offsets\":[0,8]}}", 8),
                "tensor 'a'", "more than 2^31 elements");
        rejects(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16), "bad JSON header", "Duplicate field 'a'");
        rejects(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}", 20), "tensor 'b'", "[8, 12) of the data region unindexed");
        rejects(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12), "tensor 'a'", "[0, 4) of the data region unindexed");
        rejects(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 11), "3 bytes after the last tensor");
        rejects(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}} {}", 8), "bad JSON header", "Trailing token");
        rejects(raw("[".repeat(5000) + "]".repeat(5000), 0), "bad JSON header", "nesting depth");
        // an empty tensor anywhere and a padded header stay valid
        Path ok = raw("{\"e\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[8,8]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}    ", 8);
        assertEquals(List.of("e", "a"), List.copyOf(Safetensors.read(ok).keySet()));
    }

    @Test
    void truncatedWrittenFileIsRejected() throws IOException {
        Path f = dir.resolve("t.safetensors");
        Safetensors.write(f, Map.of("w", RawTensor.ofFloats(new float[64], 8, 8)));
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length - 5));
        rejects(f, "tensor 'w'", "truncated file");
    }
}
