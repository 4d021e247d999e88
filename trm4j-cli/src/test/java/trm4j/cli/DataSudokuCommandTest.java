package trm4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import trm4j.data.PuzzleDatasetMetadata;
import trm4j.data.sudoku.SudokuCsv;
import trm4j.data.sudoku.SudokuShape;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DataSudokuCommandTest {
    @TempDir Path dir;

    private record Run(int rc, String err) {}

    private static Run trm(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        return new Run(cl.execute(args), err.toString());
    }

    @Test
    void generateLabelAndBuildFromTheCommandLine() throws IOException {
        Path csv = dir.resolve("csv");
        assertEquals(0, trm("data", "sudoku", "--generate", "12", "--size", "4", "--seed", "3",
                "--out", csv.resolve("train.csv").toString()).rc());
        assertEquals(0, trm("data", "sudoku", "--generate", "5", "--size", "4", "--seed", "4",
                "--out", csv.resolve("test.csv").toString()).rc());
        List<SudokuCsv.Row> rows = SudokuCsv.readAll(csv.resolve("train.csv"), null, false, m -> fail(m));
        assertEquals(12, rows.size());
        assertEquals(SudokuShape.S4, SudokuShape.ofCellCount(rows.get(0).question().length));

        // Label the generated questions again: same answers and ratings.
        StringBuilder txt = new StringBuilder("# generated\n");
        for (SudokuCsv.Row r : rows) txt.append(SudokuShape.format(r.question())).append('\n');
        Files.writeString(dir.resolve("p.txt"), txt);
        assertEquals(0, trm("data", "sudoku", "--label", dir.resolve("p.txt").toString(), "--out", dir.resolve("l.csv").toString()).rc());
        List<SudokuCsv.Row> labelled = SudokuCsv.readAll(dir.resolve("l.csv"), null, false, m -> fail(m));
        for (int i = 0; i < rows.size(); i++) {
            assertArrayEquals(rows.get(i).answer(), labelled.get(i).answer());
            assertEquals(rows.get(i).rating(), labelled.get(i).rating());
        }

        Path out = dir.resolve("out");
        assertEquals(0, trm("data", "sudoku", "--csv-dir", csv.toString(), "--out", out.toString(), "--num-aug", "2").rc());
        assertTrue(Files.isRegularFile(out.resolve("train/all__inputs.npy")));
        assertEquals(12, PuzzleDatasetMetadata.read(out.resolve("train/dataset.json")).totalGroups());
        assertArrayEquals(new int[] {36, 16}, trm4j.io.Npy.read(out.resolve("train/all__inputs.npy")).shape());

        Files.writeString(csv.resolve("test.csv"), Files.readString(csv.resolve("test.csv")) + "x,12345678901234567,1,0\n");
        Run bad = trm("data", "sudoku", "--csv-dir", csv.toString(), "--out", out.toString());
        assertEquals(2, bad.rc());
        assertEquals("trm: " + csv.resolve("test.csv") + ":7: question has 17 characters, expected 16; fix or remove the row, "
                + "or pass --skip-bad-rows to skip such rows", bad.err().strip());
        Run two = trm("data", "sudoku", "--label", "a", "--generate", "3", "--out", "x");
        assertEquals(2, two.rc());
        assertTrue(two.err().contains("exactly one of"), two.err());
    }
}
