package trm4j.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** torch.save files built in tests: the zip layout around a pickle, and the legacy stream. */
final class TorchFiles {
    private TorchFiles() {}

    /** A STORED zip like torch.save's: root folder, data.pkl, byteorder, data/<key> records, version. */
    static byte[] zip(byte[] pickle, Map<String, byte[]> storages) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            stored(z, "archive/data.pkl", pickle);
            stored(z, "archive/byteorder", "little".getBytes());
            for (var e : storages.entrySet()) stored(z, "archive/data/" + e.getKey(), e.getValue());
            stored(z, "archive/version", "3\n".getBytes());
        }
        return out.toByteArray();
    }

    static void stored(ZipOutputStream z, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        z.putNextEntry(e);
        z.write(data);
        z.closeEntry();
    }

    /** {@code n} floats 0, 1, …, little-endian. */
    static byte[] floats(int n) {
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) b.putFloat(i);
        return b.array();
    }

    /** {@code OrderedDict(...)} with a MARK open for the items. */
    static PickleBytes stateDict() {
        return new PickleBytes().proto().global("collections", "OrderedDict").emptyTuple().reduce().mark();
    }

    /** A legacy (pre-1.6) torch.save stream: magic, protocol, sys info, the state dict, the key list, the storages. */
    static byte[] legacy(PickleBytes stateDictWithItems, String[] keys, byte[] storages) {
        ByteArrayOutputStream os = new ByteArrayOutputStream();
        // magic number 0x1950a86a20f9469cfc6c as LONG1 (little-endian two's complement)
        os.writeBytes(new PickleBytes().proto().op(0x8a, 10, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19).stop().bytes());
        os.writeBytes(new PickleBytes().proto().integer(1001).stop().bytes());
        os.writeBytes(new PickleBytes().proto().emptyDict().str("little_endian").bool(true).op('s').stop().bytes());
        os.writeBytes(stateDictWithItems.setitems().stop().bytes());
        PickleBytes k = new PickleBytes().proto().op(']').mark();
        for (String key : keys) k.str(key);
        os.writeBytes(k.op('e').stop().bytes());
        os.writeBytes(storages);
        return os.toByteArray();
    }

}
