package trm4j.data.maze;

import trm4j.data.PuzzleCsv;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the Maze-Hard CSV layout ({@code source,question,answer,rating} with a header line, as in the
 * {@code sapientinc/maze-30x30-hard-1k} files). Every row is validated, because the official builder only asserts the
 * character set and would silently build a data set from a broken row:
 * <ul>
 *   <li>4 columns; question and answer of the same perfect-square length as the first row (30×30 = 900);</li>
 *   <li>question characters from {@code "# SG"}, answer characters from {@code "# SGo"};</li>
 *   <li>exactly one {@code S} and one {@code G} in the question;</li>
 *   <li>the answer equals the question except where it marks an open question cell with {@code o}.</li>
 * </ul>
 * A malformed file fails with one line naming the file, the line, the first problem and how many other rows fail.
 */
public final class MazeCsv {
    private MazeCsv() {}

    public static final String HEADER = PuzzleCsv.HEADER;

    public static List<MazeRow> read(Path file) throws IOException {
        if (!Files.isRegularFile(file))
            throw new IOException(file + ": no such file (expected a Maze CSV with header " + HEADER + ")");
        // Two passes: parse every line, then validate against the most common question length, so that one
        // malformed first row does not make every other row look wrong.
        List<MazeRow> parsed = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        Map<Integer, Integer> lengths = new HashMap<>();
        try (BufferedReader in = trm4j.io.TextFiles.reader(file)) {
            String line = in.readLine();
            if (line == null) throw new IllegalArgumentException(file + ": empty file; expected the header " + HEADER);
            if (!PuzzleCsv.isHeader(line))
                throw new IllegalArgumentException(file + " line 1: '" + PuzzleCsv.clip(line) + "' is not the header line; add the header line '"
                        + HEADER + "' first (without it the first maze would be dropped)");
            int lineNo = 1;
            for (line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (line.isEmpty()) continue;
                List<String> fields = PuzzleCsv.split(line);
                if (fields == null) {
                    problems.add(new Problem(lineNo, "unbalanced quotes (a field spans lines or a quote is not closed)"));
                } else if (fields.size() != 4) {
                    problems.add(new Problem(lineNo, "has " + fields.size() + " columns, expected 4 (" + HEADER + ")"));
                } else {
                    MazeRow row = new MazeRow(fields.get(0), fields.get(1), fields.get(2), fields.get(3), lineNo);
                    parsed.add(row);
                    lengths.merge(row.question().length(), 1, Integer::sum);
                }
            }
        }
        int cells = 0, best = 0;
        for (MazeRow row : parsed) {   // the most common length; ties go to the earliest row
            int c = lengths.get(row.question().length());
            if (c > best) { best = c; cells = row.question().length(); }
        }
        List<MazeRow> rows = new ArrayList<>(parsed.size());
        for (MazeRow row : parsed) {
            String problem = problem(row, cells);
            if (problem == null) rows.add(row);
            else problems.add(new Problem(row.line(), problem));
        }
        if (!problems.isEmpty()) {
            // The first problem in file order, so that the message points at the earliest bad line.
            Problem first = problems.stream().min(Comparator.comparingInt(Problem::line)).orElseThrow();
            throw new IllegalArgumentException(file + " line " + first.line() + ": " + first.message()
                    + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more malformed rows)" : "")
                    + "; fix or remove the row");
        }
        if (rows.isEmpty()) throw new IllegalArgumentException(file + ": no maze rows after the header");
        return rows;
    }

    private record Problem(int line, String message) {}

    /** The first problem of a row, or null when it is a well-formed maze of {@code cells} cells. */
    static String problem(MazeRow row, int cells) {
        String q = row.question(), a = row.answer();
        int side = (int) Math.round(Math.sqrt(cells));
        if (side * side != cells || side < 2)
            return "question has " + q.length() + " characters and most rows have " + cells
                    + ", which is not the square of a side >= 2 (a maze is side×side)";
        if (q.length() != cells)
            return "question has " + q.length() + " characters, expected " + cells + " (" + side + "×" + side + ")";
        if (a.length() != cells)
            return "answer has " + a.length() + " characters, expected " + cells + " (" + side + "×" + side + ")";
        int starts = 0, goals = 0;
        for (int i = 0; i < cells; i++) {
            char c = q.charAt(i), d = a.charAt(i);
            if (MazeTokens.token(c) < 0 || c == MazeTokens.PATH_CHAR)
                return "question has " + describe(c) + " at " + at(i, side) + "; allowed: '#', ' ', 'S', 'G'";
            if (MazeTokens.token(d) < 0)
                return "answer has " + describe(d) + " at " + at(i, side) + "; allowed: '#', ' ', 'S', 'G', 'o'";
            if (c == MazeTokens.START_CHAR) starts++;
            if (c == MazeTokens.GOAL_CHAR) goals++;
            if (c != d && !(d == MazeTokens.PATH_CHAR && c == MazeTokens.OPEN_CHAR))
                return "answer differs from the question at " + at(i, side) + " (" + describe(c) + " → " + describe(d)
                        + "); the answer may only mark open cells with 'o'";
        }
        if (starts != 1) return "question has " + starts + " 'S' cells, expected exactly 1";
        if (goals != 1) return "question has " + goals + " 'G' cells, expected exactly 1";
        if (!isNumber(row.rating())) return "rating '" + PuzzleCsv.clip(row.rating()) + "' is not a number";
        return null;
    }

    private static boolean isNumber(String s) {
        try {
            return Double.isFinite(Double.parseDouble(s.strip()));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String at(int i, int side) { return "row " + i / side + " column " + i % side; }

    private static String describe(char c) {
        return c >= 32 && c < 127 ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    /** Writes rows with the header, atomically (temp file in the same folder, then rename). */
    public static void write(Path file, List<MazeRow> rows) throws IOException {
        PuzzleCsv.write(file, rows, r -> List.of(r.source(), r.question(), r.answer(), r.rating()));
    }
}
