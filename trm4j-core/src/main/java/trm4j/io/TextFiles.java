package trm4j.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Text input files (CSV, JSON, YAML, puzzle lists) read as UTF-8 in which a malformed byte becomes U+FFFD: the
 * reader's own validation then refuses it with the file and line, where a strict decoder would throw a bare
 * MalformedInputException without either. Whole-file reads are bounded by {@link #MAX_TEXT}.
 */
public final class TextFiles {
    private TextFiles() {}

    /** The largest text file read whole (ARC challenge files are tens of MB). */
    public static final long MAX_TEXT = 512L << 20;

    private static CharsetDecoder decoder() {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    /** A buffered reader of {@code file}. */
    public static BufferedReader reader(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        return new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), decoder()), 1 << 16);
    }

    /** The whole text of {@code file}; refused when larger than {@link #MAX_TEXT}. */
    public static String read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_TEXT)
            throw new IllegalArgumentException(file + ": " + size + " bytes, larger than the " + (MAX_TEXT >> 20) + " MiB a text input may have");
        return decoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    }

    /** The lines of {@code file}. */
    public static List<String> lines(Path file) throws IOException {
        return read(file).lines().toList();
    }
}
