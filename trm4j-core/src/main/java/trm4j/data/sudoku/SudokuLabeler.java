package trm4j.data.sudoku;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Labels a published puzzle collection: the common text format has one puzzle per line (its first
 * whitespace-separated token: 81, 36 or 16 characters, '.' or '0' for blanks; anything after it is
 * ignored), blank lines and lines starting with '#' are skipped. Each puzzle gets its unique solution and
 * its rating, as Sudoku-Extreme CSV rows whose source is the file name without extension.
 */
public final class SudokuLabeler {
    private static final String FIX = "fix or remove the line, or pass --skip-bad-rows to skip such puzzles";

    private SudokuLabeler() {}

    /** The labelled rows; a malformed, unsolvable or ambiguous puzzle stops the run unless skipBad. */
    public static List<SudokuCsv.Row> label(Path file, boolean skipBad, Consumer<String> warn) throws IOException {
        String name = file.getFileName().toString();
        String source = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
        List<SudokuCsv.Row> rows = new ArrayList<>();
        SudokuShape shape = null;
        SudokuSolver solver = null;
        long lineNo = 0;
        if (!Files.isRegularFile(file))
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "no such file; expected a text file with one puzzle per line");
        try (BufferedReader in = trm4j.io.TextFiles.reader(file)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) continue;
                String token = t.split("\\s+", 2)[0];
                if (shape == null) {
                    shape = SudokuShape.ofCellCount(token.length());
                    if (shape == null)
                        throw new IOException(file + ":" + lineNo + ": puzzle has " + token.length()
                                + " characters; expected 81 (9x9), 36 (6x6) or 16 (4x4); fix the line");
                    solver = new SudokuSolver(shape);
                }
                String problem = SudokuCsv.gridProblem("puzzle", token, shape);
                byte[] puzzle = null;
                SudokuSolver.Result r = null;
                if (problem == null) {
                    puzzle = shape.parse(token);
                    r = solver.solve(puzzle, 2);
                    if (r.solutions() == 0) problem = "puzzle has no solution";
                    else if (r.solutions() > 1) problem = "puzzle has more than one solution";
                }
                if (problem != null) {
                    String msg = file + ":" + lineNo + ": " + problem;
                    if (!skipBad) throw new IOException(msg + "; " + FIX);
                    warn.accept(msg);
                    continue;
                }
                rows.add(new SudokuCsv.Row(source, puzzle, r.solution(), r.backtracks(), lineNo));
            }
        }
        return rows;
    }
}
