package trm4j.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Crash-safe file writes: content goes to a hidden temporary sibling, is flushed to the disk (fsync), and is
 * renamed over the target; the folder is then fsynced too, so that after a crash or power loss a reader finds
 * either the old file or the complete new one, never a half-written or vanished one. Files are created with
 * the process's umask (not the owner-only permissions of {@link Files#createTempFile}).
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes the content of a file to {@code out}. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** A hidden, unused name beside {@code file}: {@code .<name>.tmp-<random>}. */
    public static Path tempSibling(Path file) {
        Path abs = file.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16));
    }

    /** Writes {@code file} atomically and durably with what {@code body} writes. */
    public static void write(Path file, Body body) throws IOException {
        Path tmp = tempSibling(file);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                OutputStream os = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                body.write(os);
                os.flush();
                ch.force(true);
            }
            replace(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void writeBytes(Path file, byte[] content) throws IOException { write(file, os -> os.write(content)); }

    public static void writeString(Path file, CharSequence text) throws IOException {
        writeBytes(file, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Renames the complete file {@code tmp} over {@code target} (atomically where the file system can) and syncs the folder. */
    public static void replace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDir(target.toAbsolutePath().getParent());
    }

    /** Renames {@code from} to the absent {@code to} (a folder too; atomically where possible) and syncs both folders. */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
        Path a = from.toAbsolutePath().getParent(), b = to.toAbsolutePath().getParent();
        syncDir(b);
        if (a != null && !a.equals(b)) syncDir(a);
    }

    /** Flushes {@code file}'s content to the disk. */
    public static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /**
     * Flushes a folder's entries (the renames and creations in it) to the disk. Where the platform or file system
     * cannot sync a folder (Windows, some network file systems) this does nothing: the renames are then as durable
     * as that system makes them.
     */
    public static void syncDir(Path dir) {
        if (dir == null) return;
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort, see above
        }
    }
}
