package trm4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PuzzleDatasetMetadataTest {
    @TempDir
    Path dir;

    // text of json.dump(PuzzleDatasetMetadata(...).model_dump(), f) for the Sudoku builder (pydantic 2, mean given as int 1)
    private static final String SUDOKU = "{\"pad_id\": 0, \"ignore_label_id\": 0, \"blank_identifier_id\": 0, \"vocab_size\": 11, "
            + "\"seq_len\": 81, \"num_puzzle_identifiers\": 1, \"total_groups\": 1000, \"mean_puzzle_examples\": 1.0, "
            + "\"total_puzzles\": 1000, \"sets\": [\"all\"]}";

    @Test
    void writesTheOfficialText() throws IOException {
        PuzzleDatasetMetadata m = new PuzzleDatasetMetadata(0, 0, 0, 11, 81, 1, 1000, 1, 1000, List.of("all"));
        assertEquals(SUDOKU, m.toJson());
        Path f = dir.resolve("dataset.json");
        m.write(f);
        assertEquals(SUDOKU, Files.readString(f));
        assertEquals(m, PuzzleDatasetMetadata.read(f));
    }

    @Test
    void arcMeanIsPythonDivisionAndRepr() {
        PuzzleDatasetMetadata m = new PuzzleDatasetMetadata(0, null, 0, 12, 900, 876406, 960, 3633410.0 / 876405, 876405, List.of("all"));
        String json = m.toJson();
        assertTrue(json.contains("\"ignore_label_id\": null, "), json);
        assertTrue(json.contains("\"mean_puzzle_examples\": 4.1458115825446, "), json);
    }

    @Test
    void readIgnoresUnknownKeysAndRejectsMissingOnes() throws IOException {
        Path f = dir.resolve("dataset.json");
        Files.writeString(f, SUDOKU.replace("{", "{\"extra\": [1, 2], "));
        assertEquals(1000, PuzzleDatasetMetadata.read(f).totalGroups());
        Files.writeString(f, SUDOKU.replace("\"seq_len\": 81, ", ""));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PuzzleDatasetMetadata.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("seq_len") && !e.getMessage().contains("\n"), e.getMessage());
        Files.writeString(f, "{\"pad_id\": ");
        e = assertThrows(IllegalArgumentException.class, () -> PuzzleDatasetMetadata.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()) && !e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void identifiersRoundTrip() throws IOException {
        Path f = dir.resolve("identifiers.json");
        PuzzleIdentifiers.write(f, List.of("<blank>", "abc", "d\u00e9f"));
        assertEquals("[\"<blank>\", \"abc\", \"d\\u00e9f\"]", Files.readString(f));
        assertEquals(List.of("<blank>", "abc", "d\u00e9f"), PuzzleIdentifiers.read(f));
    }
}
