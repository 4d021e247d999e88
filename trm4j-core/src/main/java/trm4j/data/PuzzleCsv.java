package trm4j.data;

import trm4j.io.AtomicFiles;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The one codec of the {@code source,question,answer,rating} CSV files of the official Sudoku-Extreme and
 * Maze-Hard data sets ({@code sapientinc/sudoku-extreme}, {@code sapientinc/maze-30x30-hard-1k}), with the
 * quoting rules of Python's {@code csv} module that wrote and reads them (RFC 4180: a field holding a comma, a
 * quote or a line break is double-quoted, quotes inside doubled; a line ends in {@code \n} or {@code \r\n}).
 * The families validate the fields ({@code SudokuCsv}, {@code MazeCsv}).
 */
public final class PuzzleCsv {
    public static final String HEADER = "source,question,answer,rating";

    private PuzzleCsv() {}

    /** Whether {@code line} is {@link #HEADER} (fields compared without case, spaces or a byte-order mark). */
    public static boolean isHeader(String line) {
        List<String> got = split(line.startsWith("\uFEFF") ? line.substring(1) : line), want = split(HEADER);
        if (got == null || got.size() != want.size()) return false;
        for (int i = 0; i < got.size(); i++) if (!got.get(i).strip().equalsIgnoreCase(want.get(i))) return false;
        return true;
    }

    /** The fields of one line (no line breaks inside fields; a final {@code \r} is dropped); null when a quote is not closed. */
    public static List<String> split(String line) {
        List<String> out = new ArrayList<>(4);
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') { field.append('"'); i++; }
                    else quoted = false;
                } else field.append(c);
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(field.toString());
                field.setLength(0);
            } else if (c != '\r' || i != line.length() - 1) {
                field.append(c);
            }
        }
        if (quoted) return null;
        out.add(field.toString());
        return out;
    }

    /** {@code s} as a field: quoted only when it holds a comma, a quote or a line break (Python's QUOTE_MINIMAL). */
    public static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** {@code s} cut to 60 characters for a message. */
    public static String clip(String s) { return s.length() > 60 ? s.substring(0, 60) + "…" : s; }

    /** Writes the header and one line per row ({@code fields} gives its four fields), atomically, creating the folder. */
    public static <T> void write(Path file, List<T> rows, Function<T, List<String>> fields) throws IOException {
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) Files.createDirectories(abs.getParent());
        AtomicFiles.write(abs, os -> {
            Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
            w.write(HEADER);
            w.write('\n');
            for (T r : rows) {
                List<String> f = fields.apply(r);
                for (int i = 0; i < f.size(); i++) {
                    if (i > 0) w.write(',');
                    w.write(quote(f.get(i)));
                }
                w.write('\n');
            }
            w.flush();
        });
    }
}
