package trm4j.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The one home of crash-safe file handling. Files: content goes to a hidden temporary sibling, is flushed to
 * the disk (fsync), and is renamed over the target; the folder is then fsynced too, so that after a crash or
 * power loss a reader finds either the old file or the complete new one, never a half-written or vanished one.
 * Folders: written under a hidden staging name ({@link #createStagingDir}) and renamed into place
 * ({@link #move}, {@link #replaceDir}); {@link #deleteTree} removes what a failed write leaves. Files and folders
 * are created with the process's umask (not the owner-only permissions of {@link Files#createTempFile}).
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

    /** Writes the content of a file straight to its channel (large buffers such as tensors, without copies). */
    @FunctionalInterface
    public interface ChannelBody {
        void write(FileChannel ch) throws IOException;
    }

    /** Writes {@code file} atomically and durably with what {@code body} writes. */
    public static void write(Path file, Body body) throws IOException {
        writeChannel(file, ch -> {
            OutputStream os = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
            body.write(os);
            os.flush();
        });
    }

    /** As {@link #write(Path, Body)}, {@code body} writing to the file's channel. */
    public static void writeChannel(Path file, ChannelBody body) throws IOException {
        Path tmp = tempSibling(file);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
                body.write(ch);
                ch.force(true);
            }
            replace(tmp, file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes all of {@code b} to {@code ch}. */
    public static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) ch.write(b);
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

    /**
     * Creates an empty hidden folder beside {@code target}, {@code .<name>.<tag>-<random>}, to be filled and then
     * renamed to {@code target}. Not {@link Files#createTempDirectory}: its owner-only permissions would stay on
     * the renamed folder.
     */
    public static Path createStagingDir(Path target, String tag) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Files.createDirectories(abs.getParent());
        return Files.createDirectory(abs.resolveSibling("." + abs.getFileName() + "." + tag + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16)));
    }

    /**
     * Renames the complete folder {@code staged} to {@code target}, replacing a folder there: the old one is first
     * renamed to a hidden sibling and deleted after the new one is in place, so {@code target} is never half old.
     */
    public static void replaceDir(Path staged, Path target) throws IOException {
        if (!Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            move(staged, target);
            return;
        }
        Path abs = target.toAbsolutePath();
        Path old = abs.resolveSibling("." + abs.getFileName() + ".old-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16));
        move(target, old);
        move(staged, target);
        deleteTree(old);
    }

    /** Deletes {@code root} and everything below it (symbolic links are removed, not followed); nothing if absent. */
    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Deletes everything inside the folder {@code dir}, keeping the folder itself. */
    public static void deleteContents(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) deleteTree(p);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
