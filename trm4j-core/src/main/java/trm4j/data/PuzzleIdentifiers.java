package trm4j.data;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@code <dataset>/identifiers.json}: puzzle identifier → name, index 0 = {@code "<blank>"}. */
public final class PuzzleIdentifiers {
    private PuzzleIdentifiers() {}

    public static final String FILE_NAME = "identifiers.json";
    public static final String BLANK = "<blank>";

    public static List<String> read(Path file) throws IOException {
        try {
            List<String> ids = trm4j.io.StrictJson.MAPPER.readValue(trm4j.io.TextFiles.read(file), new TypeReference<List<String>>() {});
            if (ids == null) throw new IllegalArgumentException(file + ": expected a JSON list of puzzle names, got null");
            return List.copyOf(ids);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(file + ": invalid identifiers list" + PuzzleDatasetMetadata.at(e) + ": "
                    + PuzzleDatasetMetadata.oneLine(e.getOriginalMessage()) + " (expected a JSON list of strings)");
        } catch (NullPointerException e) {
            throw new IllegalArgumentException(file + ": identifiers list contains null (expected strings)");
        }
    }

    /** Writes {@code json.dump(names, f)} atomically. */
    public static void write(Path file, List<String> names) throws IOException {
        PyJson.dump(file, names);
    }
}
