package trm4j.data.sudoku;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SudokuCsvTest {
    static final String Q = SudokuSolverTest.HARD[0][1], A = SudokuSolverTest.HARD[0][2];

    @TempDir Path dir;

    private Path csv(String... rows) throws IOException {
        Path f = dir.resolve("train.csv");
        Files.writeString(f, SudokuCsv.HEADER + "\n" + String.join("\n", rows) + "\n");
        return f;
    }

    private static String wrongAt(String s, int i, char c) { return s.substring(0, i) + c + s.substring(i + 1); }

    @Test
    void readsRowsWithDotOrZeroBlanks() throws IOException {
        Path f = csv("a," + Q + "," + A + ",5", "b," + Q.replace('.', '0') + "," + A + ",7");
        List<SudokuCsv.Row> rows = SudokuCsv.readAll(f, null, false, m -> fail(m));
        assertEquals(2, rows.size());
        assertArrayEquals(rows.get(0).question(), rows.get(1).question());
        assertEquals(0, rows.get(0).question()[1]);
        assertEquals(1, rows.get(0).question()[0]);
        assertEquals(7, rows.get(1).rating());
        assertEquals(3, rows.get(1).line());
        assertEquals(SudokuShape.S9, SudokuCsv.read(f, null, false, m -> { }, r -> { }).shape());
        Files.writeString(f, "a," + Q + "," + A + ",5\n");
        IOException e = assertThrows(IOException.class, () -> SudokuCsv.readAll(f, null, false, m -> { }));
        assertTrue(e.getMessage().startsWith(f + ":1: 'a,"), e.getMessage());
        assertTrue(e.getMessage().contains("is not the header line; add the header line"), e.getMessage());
        // a malformed first row is not taken for the header either
        Files.writeString(f, "a," + Q.substring(1) + "," + A + ",5\nx," + Q + "," + A + ",1\n");
        e = assertThrows(IOException.class, () -> SudokuCsv.readAll(f, null, false, m -> { }));
        assertTrue(e.getMessage().contains(":1: ") && e.getMessage().contains("is not the header line"), e.getMessage());
    }

    @Test
    void malformedRowsNameFileAndLine() throws IOException {
        String[][] cases = {
                {"x," + Q.substring(1) + "," + A + ",1", "question has 80 characters, expected 81"},
                {"x," + wrongAt(Q, 4, 'x') + "," + A + ",1", "question has 'x' at position 4"},
                {"x," + Q + "," + wrongAt(A, 0, '.') + ",1", "answer has a blank at position 0"},
                {"x," + Q + "," + swap(A) + ",1", "answer is not a valid 9x9"},
                {"x," + wrongAt(Q, 1, A.charAt(2)) + "," + A + ",1", "answer contradicts the question at position 1"},
                {"x," + Q + "," + A, "expected 4 fields"},
                {"x," + Q + "," + A + ",hard", "rating 'hard' is not an integer"},
        };
        for (String[] c : cases) {
            Path f = csv("ok," + Q + "," + A + ",0", c[0]);
            IOException e = assertThrows(IOException.class, () -> SudokuCsv.readAll(f, null, false, m -> { }));
            assertTrue(e.getMessage().startsWith(f + ":3: " + c[1]), e.getMessage());
            assertTrue(e.getMessage().contains("--skip-bad-rows"), e.getMessage());
            List<String> warned = new ArrayList<>();
            List<SudokuCsv.Row> rows = SudokuCsv.readAll(f, null, true, warned::add);
            assertEquals(1, rows.size());
            assertEquals(1, warned.size());
            assertTrue(warned.get(0).startsWith(f + ":3: " + c[1]), warned.get(0));
        }
    }

    /** A grid with its first two cells swapped: same digits per row, but columns and the box now repeat. */
    private static String swap(String a) { return "" + a.charAt(1) + a.charAt(0) + a.substring(2); }

    @Test
    void writeThenReadRoundTrips(@TempDir Path d) throws IOException {
        byte[] q = SudokuShape.S9.parse(Q), a = SudokuShape.S9.parse(A);
        Path out = d.resolve("sub/out.csv");
        SudokuCsv.write(out, List.of(new SudokuCsv.Row("my, source", q, a, 12, 0)));
        List<SudokuCsv.Row> back = SudokuCsv.readAll(out, null, false, m -> fail(m));
        assertEquals("my, source", back.get(0).source());
        assertArrayEquals(q, back.get(0).question());
        assertArrayEquals(a, back.get(0).answer());
        assertEquals(12, back.get(0).rating());
        try (var files = Files.list(out.getParent())) { assertEquals(1, files.count(), "no temp file left"); }
    }

    @Test
    void labelsCollectionsAndReportsBadPuzzlesByLine() throws IOException {
        String[][] hard = SudokuSolverTest.HARD;
        Path f = dir.resolve("hardest.txt");
        Files.writeString(f, "# a comment\n" + hard[0][1] + "\n\n" + hard[1][1].replace('.', '0') + "  extra text\n"
                + Q.replace("1....7.9", "........") + "\n" + hard[2][1] + "\n");
        IOException e = assertThrows(IOException.class, () -> SudokuLabeler.label(f, false, m -> { }));
        assertTrue(e.getMessage().startsWith(f + ":5: puzzle has more than one solution"), e.getMessage());
        List<String> warned = new ArrayList<>();
        List<SudokuCsv.Row> rows = SudokuLabeler.label(f, true, warned::add);
        assertEquals(List.of(f + ":5: puzzle has more than one solution"), warned);
        assertEquals(3, rows.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(hard[i][2], SudokuShape.format(rows.get(i).answer()));
            assertEquals("hardest", rows.get(i).source());
            assertEquals(new SudokuSolver(SudokuShape.S9).rate(rows.get(i).question()), rows.get(i).rating());
        }
        Files.writeString(f, A.substring(0, 80) + "1\n");
        assertTrue(assertThrows(IOException.class, () -> SudokuLabeler.label(f, false, m -> { }))
                .getMessage().startsWith(f + ":1: puzzle has no solution"));
    }
}
