package trm4j.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/** Hand-made torch.save files: layouts the fixtures lack (strides, offsets, legacy views) and hostile inputs. */
class TorchCheckpointTest {
    @TempDir Path dir;

    private static byte[] floats(int n) { return TorchFiles.floats(n); }

    private static PickleBytes stateDict() { return TorchFiles.stateDict(); }

    /** A STORED zip like torch.save's: root folder, data.pkl, data/<key> records. */
    private Path zip(String file, byte[] pickle, Map<String, byte[]> storages) throws IOException {
        Path f = dir.resolve(file);
        Files.write(f, TorchFiles.zip(pickle, storages));
        return f;
    }

    static long[] l(long... v) { return v; }

    @Test
    void honoursStridesOffsetsAndSharedStorages() throws IOException {
        byte[] pkl = stateDict()
                .tensor("_orig_mod.t", "FloatStorage", "0", 12, 1, l(3, 2), l(1, 3), false)   // a transposed view
                .tensor("_orig_mod.o", "FloatStorage", "0", 12, 5, l(2), l(1), false)         // a contiguous slice
                .tensor("_orig_mod.s", "FloatStorage", "0", 12, 7, l(), l(), false)           // a scalar
                .tensor("_orig_mod.e", "FloatStorage", "0", 12, 0, l(0, 4), l(4, 1), false)   // empty
                .setitems().stop().bytes();
        Path f = zip("strided.pt", pkl, Map.of("0", floats(12)));
        Map<String, RawTensor> t = TorchCheckpoint.stripCompilePrefix(TorchCheckpoint.read(f));
        assertEquals(List.of("t", "o", "s", "e"), List.copyOf(t.keySet()));
        // element (i, j) = storage[1 + i + 3j]
        assertArrayEquals(new float[]{1, 4, 2, 5, 3, 6}, t.get("t").toFloats());
        assertArrayEquals(new int[]{3, 2}, t.get("t").shape());
        assertArrayEquals(new float[]{5, 6}, t.get("o").toFloats());
        assertTrue(t.get("o").data().isDirect(), "a contiguous view is a slice of the mapping");
        assertArrayEquals(new float[]{7}, t.get("s").toFloats());
        assertArrayEquals(new int[0], t.get("s").shape());
        assertEquals(0, t.get("e").numel());
    }

    /** {@code w → _rebuild_parameter(_rebuild_tensor_v2(LongStorage[70000] at offset 69999, (1,), (1,), True, ...), True, ...)}. */
    private static PickleBytes parameterPickle() {
        // exercises BININT sizes, LONG_BINPUT, TUPLE1/TUPLE3, NEWTRUE and _rebuild_parameter (state_dict(keep_vars=True))
        PickleBytes q = stateDict().str("w").global("torch._utils", "_rebuild_parameter").put(300);
        q.global("torch._utils", "_rebuild_tensor_v2").mark();
        q.mark().str("storage").global("torch", "LongStorage").str("7").str("cuda:0").integer(70000).tuple().persid();
        q.integer(69999).integer(1).op(0x85).integer(1).op(0x85).bool(true);
        q.global("collections", "OrderedDict").emptyTuple().reduce().tuple().reduce();
        return q.bool(true).global("collections", "OrderedDict").emptyTuple().reduce().op(0x87).reduce();
    }

    @Test
    void readsBigIntegersLongMemoAndParameters() throws IOException {
        ByteBuffer store = ByteBuffer.allocate(70000 * 8).order(ByteOrder.LITTLE_ENDIAN);
        store.putLong(69999 * 8, -123456789012L);
        Path f = zip("param.pt", parameterPickle().setitems().stop().bytes(), Map.of("7", store.array()));
        RawTensor w = TorchCheckpoint.read(f).get("w");
        assertEquals(DType.I64, w.dtype());
        assertArrayEquals(new int[]{1}, w.shape());
        assertArrayEquals(new long[]{-123456789012L}, w.toLongs());
        // LONG_BINGET of the memoised _rebuild_parameter, called without a tensor
        byte[] bad = parameterPickle().str("b").get(300).emptyTuple().reduce().setitems().stop().bytes();
        assertRejected(zip("param_bad.pt", bad, Map.of("7", store.array())), "_rebuild_parameter expects a tensor");
    }

    /** The legacy file of {@link #readsLegacyStreamWithBf16AndOffsets}: bf16 a = [1, -2, 3], f32 b = storage[2:4] of [10..13]. */
    static byte[] legacyBytes() {
        PickleBytes sd = stateDict()
                .tensor("a", "BFloat16Storage", "140", 3, 0, l(3), l(1), true)
                .tensor("b", "FloatStorage", "99", 4, 2, l(2), l(1), true);
        ByteBuffer st = ByteBuffer.allocate(8 + 6 + 8 + 16).order(ByteOrder.LITTLE_ENDIAN);
        st.putLong(3).putShort((short) 0x3f80).putShort((short) 0xc000).putShort((short) 0x4040); // 1, -2, 3
        st.putLong(4).putFloat(10).putFloat(11).putFloat(12).putFloat(13);
        return TorchFiles.legacy(sd, new String[]{"140", "99"}, st.array());
    }

    @Test
    void readsLegacyStreamWithBf16AndOffsets() throws IOException {
        Path f = dir.resolve("legacy.pt");
        byte[] all = legacyBytes();
        Files.write(f, all);
        Map<String, RawTensor> t = TorchCheckpoint.read(f);
        assertEquals(DType.BF16, t.get("a").dtype());
        assertArrayEquals(new float[]{1, -2, 3}, t.get("a").toFloats());
        assertArrayEquals(new float[]{12, 13}, t.get("b").toFloats());

        Files.write(f, Arrays.copyOf(all, all.length - 3));
        assertRejected(f, "storage '99'", "truncated");
    }

    private static void assertRejected(Path f, String... fragments) {
        Exception e = assertThrows(Exception.class, () -> TorchCheckpoint.read(f));
        assertTrue(e instanceof IllegalArgumentException || e instanceof IOException, e.toString());
        String m = e.getMessage();
        assertFalse(m.contains("\n"), m);
        assertTrue(m.contains(f.toString()), m);
        for (String s : fragments) assertTrue(m.contains(s), "'" + m + "' lacks '" + s + "'");
    }

    @Test
    void refusesForbiddenGlobals() throws IOException {
        for (String[] g : new String[][]{{"os", "system"}, {"builtins", "eval"}, {"posix", "system"}, {"torch", "load"}}) {
            byte[] pkl = new PickleBytes().proto().global(g[0], g[1]).mark().str("echo pwned").tuple().reduce().stop().bytes();
            Path f = zip(g[1] + ".pt", pkl, Map.of());
            assertRejected(f, "refusing global '" + g[0] + "." + g[1] + "'", "pickle offset 2");
        }
    }

    @Test
    void refusesOpcodesAndCallsOutsideTheAllowList() throws IOException {
        // STACK_GLOBAL (protocol 4) resolves names from the stack: not needed, refused
        Path f1 = zip("sg.pt", new PickleBytes().proto().str("os").str("system").op(0x93).stop().bytes(), Map.of());
        assertRejected(f1, "opcode 0x93 is not allowed");
        // INST ('i') imports and calls in one opcode
        Path f2 = zip("inst.pt", new PickleBytes().proto().mark().op('i').stop().bytes(), Map.of());
        assertRejected(f2, "opcode 0x69 ('i') is not allowed");
        // calling a storage class directly is not a state-dict operation
        Path f3 = zip("call.pt", new PickleBytes().proto().global("torch", "FloatStorage").emptyTuple().reduce().stop().bytes(), Map.of());
        assertRejected(f3, "REDUCE of torch.FloatStorage is not allowed");
        // a pickle that is just a string is not a state dict
        Path f4 = zip("str.pt", new PickleBytes().proto().str("hello").stop().bytes(), Map.of());
        assertRejected(f4, "not a state dict");
    }

    @Test
    void refusesStorageShorterThanItsTensor() throws IOException {
        byte[] declaredTooFew = stateDict().tensor("w", "FloatStorage", "0", 4, 0, l(2, 3), l(3, 1), false).setitems().stop().bytes();
        assertRejected(zip("short1.pt", declaredTooFew, Map.of("0", floats(4))), "tensor 'w'", "storage shorter than its tensor");
        byte[] recordTooShort = stateDict().tensor("w", "FloatStorage", "0", 6, 0, l(2, 3), l(3, 1), false).setitems().stop().bytes();
        assertRejected(zip("short2.pt", recordTooShort, Map.of("0", floats(4))), "tensor 'w'", "holds 16 bytes, shorter than its declared 6");
        assertRejected(zip("missing.pt", recordTooShort, Map.of()), "tensor 'w'", "archive/data/0 is missing");
    }

    @Test
    void refusesTruncatedAndForeignFiles() throws IOException {
        byte[] pkl = stateDict().tensor("w", "FloatStorage", "0", 256, 0, l(256), l(1), false).setitems().stop().bytes();
        Path f = zip("whole.pt", pkl, Map.of("0", floats(256)));
        byte[] all = Files.readAllBytes(f);
        assertEquals(256, TorchCheckpoint.read(f).get("w").numel());
        Files.write(f, Arrays.copyOf(all, all.length / 2));
        assertRejected(f, "truncated");
        Files.write(f, Arrays.copyOf(pkl, pkl.length - 1)); // a raw pickle without STOP is no legacy file either
        assertRejected(f, "neither a torch.save zip archive nor a legacy torch.save file");
        Files.writeString(f, "hello world");
        assertRejected(f, "neither a torch.save zip archive nor a legacy torch.save file");
        Path nopkl;
        try (var os = Files.newOutputStream(nopkl = dir.resolve("nopkl.pt")); var z = new ZipOutputStream(os)) {
            TorchFiles.stored(z, "archive/other", new byte[3]);
        }
        assertRejected(nopkl, "no record archive/data.pkl");
    }

    // ------------------------------------------------------------------ hostile pickles (issue 14)

    /** Runs {@code read} with a time limit: a hang is a failure, not a stuck suite. */
    private static void assertRejectedQuickly(Path f, String... fragments) {
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> assertRejected(f, fragments));
    }

    @Test
    void refusesASelfReferencingDict() throws IOException {
        // d = {}; d['a'] = d
        byte[] pkl = new PickleBytes().proto().emptyDict().put(0).str("a").get(0).op('s').stop().bytes();
        assertRejectedQuickly(zip("selfdict.pt", pkl, Map.of()), "the dict at 'a.' appears twice");
    }

    @Test
    void refusesASelfReferencingTupleAsADictKey() throws IOException {
        // l = []; t = (l,); l.append(t); {t: 1}  (Python: unhashable; unchecked it hashed forever)
        byte[] pkl = new PickleBytes().proto().op(']').put(0).get(0).op(0x85).put(1).op('a')
                .emptyDict().get(1).integer(1).op('s').stop().bytes();
        assertRejectedQuickly(zip("selftuple.pt", pkl, Map.of()), "unhashable dict key of type ArrayList");
        // a key of tuples nested 100,000 deep
        PickleBytes deep = new PickleBytes().proto().emptyDict().emptyTuple();
        for (int i = 0; i < 100_000; i++) deep.op(0x85);
        assertRejectedQuickly(zip("deepkey.pt", deep.integer(1).op('s').stop().bytes(), Map.of()), "dict key tuple nested deeper than 32");
    }

    @Test
    void refusesDictsSharingChildrenInsteadOfWalkingThemExponentially() throws IOException {
        // d0 = {}; d(i+1) = {'a': d(i), 'b': d(i)}, 64 levels: 2^64 paths, 1.7 KB of pickle
        PickleBytes q = new PickleBytes().proto().emptyDict().put(0);
        for (int i = 0; i < 64; i++) q.emptyDict().mark().str("a").get(i).str("b").get(i).setitems().put(i + 1);
        byte[] pkl = q.stop().bytes();
        assertTrue(pkl.length < 2000, "small file: " + pkl.length);
        assertRejectedQuickly(zip("shared.pt", pkl, Map.of()), "appears twice (self-referencing or shared)");
    }

    @Test
    void refusesStridesSizesAndOffsetsThatOverflowOrLeaveTheStorage() throws IOException {
        long big = (1L << 62) + (1L << 60);
        // the stride of the issue: 3·stride wraps around to a small number, which read element 0 three times
        byte[] wraps = stateDict().tensor("w", "FloatStorage", "0", 4, 0, l(4), l(big), false).setitems().stop().bytes();
        assertRejectedQuickly(zip("wrap.pt", wraps, Map.of("0", floats(4))), "tensor 'w'", "overflows 64-bit arithmetic");
        byte[] near = stateDict().tensor("w", "FloatStorage", "0", 4, 0, l(4), l(1L << 61), false).setitems().stop().bytes();
        assertRejectedQuickly(zip("near.pt", near, Map.of("0", floats(4))), "tensor 'w'", "storage shorter than its tensor");
        // (2^30, 2^30, 16) has 2^64 elements, which wrapped to "0 elements"
        byte[] huge = stateDict().tensor("w", "FloatStorage", "0", 4, 0, l(1L << 30, 1L << 30, 16), l(0, 0, 0), false).setitems().stop().bytes();
        assertRejectedQuickly(zip("huge.pt", huge, Map.of("0", floats(4))), "tensor 'w'", "overflows 64-bit arithmetic");
        byte[] offset = stateDict().tensor("w", "FloatStorage", "0", 4, Long.MAX_VALUE - 1, l(4), l(1), false).setitems().stop().bytes();
        assertRejectedQuickly(zip("offset.pt", offset, Map.of("0", floats(4))), "tensor 'w'", "overflows 64-bit arithmetic");
        byte[] negative = stateDict().tensor("w", "FloatStorage", "0", -4, 0, l(1), l(1), false).setitems().stop().bytes();
        assertRejectedQuickly(zip("negative.pt", negative, Map.of("0", floats(4))), "negative storage size -4");
        // a zero stride over a size-1 dimension and strides inside the storage stay valid
        byte[] ok = stateDict().tensor("w", "FloatStorage", "0", 4, 1, l(1, 3), l(big, 1), false).setitems().stop().bytes();
        assertArrayEquals(new float[]{1, 2, 3}, TorchCheckpoint.read(zip("ok.pt", ok, Map.of("0", floats(4)))).get("w").toFloats());
    }

    @Test
    void refusesATensorNameThatAppearsTwice() throws IOException {
        // {'a': {'b': t}, 'a.b': t} flattens to two tensors named a.b
        byte[] pkl = stateDict().str("a").emptyDict().mark()
                .tensor("b", "FloatStorage", "0", 4, 0, l(4), l(1), false).setitems()
                .tensor("a.b", "FloatStorage", "0", 4, 0, l(4), l(1), false).setitems().stop().bytes();
        assertRejectedQuickly(zip("twice.pt", pkl, Map.of("0", floats(4))), "tensor name 'a.b' appears twice");
    }

    @Test
    void stripCompilePrefixRemovesOnlyALeadingPrefix() {
        Map<String, RawTensor> m = new LinkedHashMap<>();
        RawTensor x = RawTensor.ofFloats(new float[]{1}, 1);
        m.put("_orig_mod.model.inner.H_init", x);
        m.put("model._orig_mod.y", x);
        assertEquals(List.of("model.inner.H_init", "model._orig_mod.y"), List.copyOf(TorchCheckpoint.stripCompilePrefix(m).keySet()));
        m.put("model.inner.H_init", x);
        assertThrows(IllegalArgumentException.class, () -> TorchCheckpoint.stripCompilePrefix(m));
    }
}
