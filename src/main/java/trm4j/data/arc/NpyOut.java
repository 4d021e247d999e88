package trm4j.data.arc;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Streams one C-order {@code .npy} (format 1.0, header exactly as numpy's {@code np.save} writes it,
 * growth padding included) whose shape is known up front. Written to a temp file beside the target and
 * renamed on {@link #close()} after the promised number of bytes arrived.
 * TODO(lead): fold into trm4j.data.PuzzleDatasetWriter once that lands on main.
 */
final class NpyOut implements AutoCloseable {
    private final Path target;
    private final Path tmp;
    private final OutputStream out;
    private final long expectedBytes;
    private long written;
    private boolean done;

    NpyOut(Path target, String descr, int itemSize, long... shape) throws IOException {
        this.target = target;
        this.tmp = target.resolveSibling(target.getFileName() + ".tmp");
        long n = itemSize;
        for (long d : shape) n *= d;
        this.expectedBytes = n;
        this.out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20);
        out.write(header(descr, shape));
    }

    static byte[] header(String descr, long... shape) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) s.append(", ");
            s.append(shape[i]);
        }
        if (shape.length == 1) s.append(',');
        s.append(')');
        String h = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + s + ", }";
        if (shape.length > 0) h += " ".repeat(21 - Long.toString(shape[0]).length());
        int hlen = h.length() + 1;
        int padlen = 64 - ((6 + 2 + 2 + hlen) % 64);
        int total = hlen + padlen;
        byte[] body = (h + " ".repeat(padlen) + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[10 + body.length];
        out[0] = (byte) 0x93;
        System.arraycopy("NUMPY".getBytes(StandardCharsets.US_ASCII), 0, out, 1, 5);
        out[6] = 1;
        out[7] = 0;
        out[8] = (byte) total;
        out[9] = (byte) (total >>> 8);
        System.arraycopy(body, 0, out, 10, body.length);
        return out;
    }

    void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        written += len;
    }

    void writeInts(int[] v, int n) throws IOException {
        byte[] b = new byte[4 * n];
        for (int i = 0; i < n; i++) {
            int x = v[i];
            b[4 * i] = (byte) x;
            b[4 * i + 1] = (byte) (x >>> 8);
            b[4 * i + 2] = (byte) (x >>> 16);
            b[4 * i + 3] = (byte) (x >>> 24);
        }
        write(b, 0, b.length);
    }

    /** Marks the content complete; {@link #close()} then publishes the file. */
    void finish() {
        if (written != expectedBytes) {
            throw new IllegalStateException(target + ": wrote " + written + " bytes, shape needs " + expectedBytes);
        }
        done = true;
    }

    @Override
    public void close() throws IOException {
        out.close();
        if (done) Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        else Files.deleteIfExists(tmp);
    }
}
