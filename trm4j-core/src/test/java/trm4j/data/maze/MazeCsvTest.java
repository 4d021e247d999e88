package trm4j.data.maze;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class MazeCsvTest {
    @TempDir Path dir;

    // 3×3:  S . #  /  . # .  /  . . G   with the path down the left column and along the bottom row.
    static final String Q = "S #" + " # " + "  G";
    static final String A = "S #" + "o# " + "ooG";

    private Path csv(String... rows) throws IOException {
        Path f = dir.resolve("train.csv");
        Files.writeString(f, MazeCsv.HEADER + "\n" + String.join("\n", rows) + "\n");
        return f;
    }

    private String error(String... rows) throws IOException {
        Path f = csv(rows);
        return assertThrows(IllegalArgumentException.class, () -> MazeCsv.read(f)).getMessage();
    }

    @Test
    void readsWellFormedRowsAndRoundTrips() throws IOException {
        List<MazeRow> rows = MazeCsv.read(csv("src," + Q + "," + A + ",4", "\"a,b\"," + Q + "," + A + ",4"));
        assertEquals(2, rows.size());
        assertEquals(Q, rows.get(0).question());
        assertEquals(A, rows.get(0).answer());
        assertEquals(2, rows.get(0).line());
        assertEquals("a,b", rows.get(1).source());
        assertEquals(3, rows.get(1).side());
        Path out = dir.resolve("copy.csv");
        MazeCsv.write(out, rows);
        List<MazeRow> back = MazeCsv.read(out);
        assertEquals(rows, back);
    }

    @Test
    void wrongLengthNamesFileAndLine() throws IOException {
        String m = error("s," + Q + "," + A + ",4", "s," + Q + "," + A + ",4", "s," + Q.substring(1) + "," + A + ",4");
        assertTrue(m.contains("train.csv line 4: question has 8 characters, expected 9"), m);
    }

    @Test
    void unknownCharacterWithPosition() throws IOException {
        String m = error("s," + Q + "," + A + ",4", "s,S #x# " + "  G," + A + ",4");
        assertTrue(m.contains("line 3: question has 'x' at row 1 column 0"), m);
    }

    @Test
    void startAndGoalCounts() throws IOException {
        String twoStarts = "S #" + "S# " + "  G";
        String m = error("s," + twoStarts + "," + twoStarts + ",0");
        assertTrue(m.contains("line 2: question has 2 'S' cells, expected exactly 1"), m);
        String noGoal = "S #" + " # " + "   ";
        m = error("s," + noGoal + "," + noGoal + ",0");
        assertTrue(m.contains("line 2: question has 0 'G' cells"), m);
    }

    @Test
    void answerMayOnlyAddPathMarks() throws IOException {
        String movedWall = "S  " + "o# " + "ooG";
        String m = error("s," + Q + "," + A + ",4", "s," + Q + "," + movedWall + ",4");
        assertTrue(m.contains("line 3: answer differs from the question at row 0 column 2 ('#' → ' ')"), m);
        String pathThroughWall = "S #" + "oo " + "ooG";
        m = error("s," + Q + "," + pathThroughWall + ",4");
        assertTrue(m.contains("line 2: answer differs from the question at row 1 column 1 ('#' → 'o')"), m);
    }

    @Test
    void columnCountAndCountOfOtherBadRows() throws IOException {
        String m = error("s," + Q + "," + A + ",4", "s," + Q + "," + A, "s," + Q + ",bad,4");
        assertTrue(m.startsWith(dir.resolve("train.csv") + " line 3: has 3 columns, expected 4"), m);
        assertTrue(m.contains("(and 1 more malformed rows)"), m);
    }

    @Test
    void missingFileAndEmptyFile() throws IOException {
        assertThrows(IOException.class, () -> MazeCsv.read(dir.resolve("absent.csv")));
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "");
        assertThrows(IllegalArgumentException.class, () -> MazeCsv.read(empty));
    }
}
