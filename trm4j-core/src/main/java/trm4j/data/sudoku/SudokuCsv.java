package trm4j.data.sudoku;

import trm4j.data.PuzzleCsv;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Sudoku-Extreme CSV format: a header line, then {@code source,question,answer,rating} per row; the
 * question is the row-major grid with '.' or '0' for blanks, the answer the solved grid, the rating an
 * integer (backtracks of a solver). Grids have 81 characters (or 16 / 36 for 4×4 / 6×6 sets).
 *
 * <p>Malformed rows (wrong field count or length, characters other than blanks and 1..N, an answer that is
 * not a valid grid or contradicts the question, a rating that is not an integer) stop the read with
 * {@code FILE:LINE: problem; fix}, or are reported through {@code warn} and skipped with skip-bad-rows.
 */
public final class SudokuCsv {
    public static final String HEADER = PuzzleCsv.HEADER;
    private static final String FIX = "fix or remove the row, or pass --skip-bad-rows to skip such rows";

    private SudokuCsv() {}

    public record Row(String source, byte[] question, byte[] answer, int rating, long line) {}

    /** What a read saw: the grid shape, the rows delivered and the malformed rows skipped. */
    public record Stats(SudokuShape shape, long rows, long skipped) {}

    @FunctionalInterface
    public interface RowSink { void accept(Row row) throws IOException; }

    /**
     * Streams the rows of {@code file} to {@code sink}. The shape is {@code shape}, or when null inferred from
     * the first data row's question length (81, 36 or 16).
     */
    public static Stats read(Path file, SudokuShape shape, boolean skipBadRows, Consumer<String> warn, RowSink sink)
            throws IOException {
        long rows = 0, skipped = 0, lineNo = 0;
        if (!Files.isRegularFile(file))
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "no such file; expected a Sudoku-Extreme CSV (" + HEADER + ")");
        try (BufferedReader in = trm4j.io.TextFiles.reader(file)) {
            String line = in.readLine();
            lineNo++;
            if (line == null) throw new IOException(file + ": empty file; expected the header line '" + HEADER + "' and rows");
            // The official reader skips line 1 unread; refuse to drop a puzzle (or a malformed row) there silently.
            if (!PuzzleCsv.isHeader(line))
                throw new IOException(file + ":1: '" + PuzzleCsv.clip(line) + "' is not the header line; add the header line '" + HEADER + "' first");
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isEmpty()) continue;
                List<String> f = PuzzleCsv.split(line);
                if (shape == null && f != null && f.size() == 4) shape = SudokuShape.ofCellCount(f.get(1).length());
                if (shape == null)
                    throw new IOException(file + ":" + lineNo + ": cannot tell the grid size: the question should have "
                            + "81 (9x9), 36 (6x6) or 16 (4x4) characters; fix the row or pass the size");
                Object parsed = parse(f, shape, lineNo);
                if (parsed instanceof Row row) {
                    sink.accept(row);
                    rows++;
                } else {
                    String msg = file + ":" + lineNo + ": " + parsed;
                    if (!skipBadRows) throw new IOException(msg + "; " + FIX);
                    warn.accept(msg);
                    skipped++;
                }
            }
        }
        return new Stats(shape, rows, skipped);
    }

    /** All rows of {@code file} in memory. */
    public static List<Row> readAll(Path file, SudokuShape shape, boolean skipBadRows, Consumer<String> warn)
            throws IOException {
        List<Row> rows = new ArrayList<>();
        read(file, shape, skipBadRows, warn, rows::add);
        return rows;
    }

    /** A Row, or a String saying what is wrong with it. */
    private static Object parse(List<String> f, SudokuShape shape, long line) {
        if (f == null) return "unbalanced quotes (a field spans lines or a quote is not closed)";
        if (f.size() != 4) return "expected 4 fields (" + HEADER + "), found " + f.size();
        String q = f.get(1), a = f.get(2);
        String problem = gridProblem("question", q, shape);
        if (problem != null) return problem;
        problem = gridProblem("answer", a, shape);
        if (problem != null) return problem;
        byte[] question = shape.parse(q), answer = shape.parse(a);
        for (int i = 0; i < answer.length; i++)
            if (answer[i] == 0) return "answer has a blank at position " + i + "; answers must be complete grids";
        if (!shape.isValidSolution(answer)) return "answer is not a valid " + shape.n + "x" + shape.n + " Sudoku grid (a digit repeats in a row, column or box)";
        for (int i = 0; i < question.length; i++)
            if (question[i] != 0 && question[i] != answer[i])
                return "answer contradicts the question at position " + i + " (question " + question[i] + ", answer " + answer[i] + ")";
        int rating;
        try {
            rating = Integer.parseInt(f.get(3).trim());
        } catch (NumberFormatException e) {
            return "rating '" + f.get(3) + "' is not an integer";
        }
        return new Row(f.get(0), question, answer, rating, line);
    }

    /** What is wrong with a grid string, or null. */
    static String gridProblem(String what, String s, SudokuShape shape) {
        if (s.length() != shape.cells)
            return what + " has " + s.length() + " characters, expected " + shape.cells;
        int bad = shape.badChar(s);
        if (bad >= 0) return what + " has '" + s.charAt(bad) + "' at position " + bad + "; allowed are '.', '0' and 1-" + shape.n;
        return null;
    }

    /** Writes {@code rows} (header first) atomically. */
    public static void write(Path out, List<Row> rows) throws IOException {
        PuzzleCsv.write(out, rows, r -> List.of(r.source(), SudokuShape.format(r.question()), SudokuShape.format(r.answer()),
                Integer.toString(r.rating())));
    }
}
