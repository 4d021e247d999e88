package trm4j.data;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code <split>/dataset.json}: the official {@code PuzzleDatasetMetadata} (dataset/common.py). Field names and
 * order as the official builders write them; unknown keys are ignored and missing ones rejected, as pydantic does.
 * {@code ignoreLabelId} may be null (then no label is turned into −100).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PuzzleDatasetMetadata(
        @JsonProperty(value = "pad_id", required = true) int padId,
        @JsonProperty(value = "ignore_label_id", required = true) Integer ignoreLabelId,
        @JsonProperty(value = "blank_identifier_id", required = true) int blankIdentifierId,
        @JsonProperty(value = "vocab_size", required = true) int vocabSize,
        @JsonProperty(value = "seq_len", required = true) int seqLen,
        @JsonProperty(value = "num_puzzle_identifiers", required = true) int numPuzzleIdentifiers,
        @JsonProperty(value = "total_groups", required = true) int totalGroups,
        @JsonProperty(value = "mean_puzzle_examples", required = true) double meanPuzzleExamples,
        @JsonProperty(value = "total_puzzles", required = true) int totalPuzzles,
        @JsonProperty(value = "sets", required = true) List<String> sets) {

    public static final String FILE_NAME = "dataset.json";

    private static final ObjectMapper MAPPER = trm4j.io.StrictJson.builder()
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    public PuzzleDatasetMetadata {
        sets = List.copyOf(sets);
    }

    public PuzzleDatasetMetadata withNumPuzzleIdentifiers(int n) {
        return new PuzzleDatasetMetadata(padId, ignoreLabelId, blankIdentifierId, vocabSize, seqLen, n, totalGroups, meanPuzzleExamples, totalPuzzles, sets);
    }

    /** Sudoku and Maze write {@code total_puzzles} = number of groups (not of puzzles); this reproduces that. */
    public PuzzleDatasetMetadata withTotalPuzzles(int n) {
        return new PuzzleDatasetMetadata(padId, ignoreLabelId, blankIdentifierId, vocabSize, seqLen, numPuzzleIdentifiers, totalGroups, meanPuzzleExamples, n, sets);
    }

    public PuzzleDatasetMetadata withMeanPuzzleExamples(double m) {
        return new PuzzleDatasetMetadata(padId, ignoreLabelId, blankIdentifierId, vocabSize, seqLen, numPuzzleIdentifiers, totalGroups, m, totalPuzzles, sets);
    }

    /** The fields in the official order (pydantic's model_dump order). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pad_id", padId);
        m.put("ignore_label_id", ignoreLabelId);
        m.put("blank_identifier_id", blankIdentifierId);
        m.put("vocab_size", vocabSize);
        m.put("seq_len", seqLen);
        m.put("num_puzzle_identifiers", numPuzzleIdentifiers);
        m.put("total_groups", totalGroups);
        m.put("mean_puzzle_examples", meanPuzzleExamples);
        m.put("total_puzzles", totalPuzzles);
        m.put("sets", sets);
        return m;
    }

    /** The exact text of {@code json.dump(metadata.model_dump(), f)}. */
    public String toJson() { return PyJson.dumps(toMap()); }

    /** Writes the file atomically, byte-identical to the official builder's. */
    public void write(Path file) throws IOException { PyJson.dump(file, toMap()); }

    /** Set names become file names ({@code <set>__inputs.npy}): letters, digits, '_', '-' and inner '.' only. */
    private static final java.util.regex.Pattern SET_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}");

    public static PuzzleDatasetMetadata read(Path file) throws IOException {
        try {
            PuzzleDatasetMetadata m = MAPPER.readValue(trm4j.io.TextFiles.read(file), PuzzleDatasetMetadata.class);
            for (String s : m.sets())
                if (s == null || !SET_NAME.matcher(s).matches() || s.contains(".."))
                    throw new IllegalArgumentException(file + ": set name '" + (s == null ? "null" : s.length() > 40 ? s.substring(0, 40) + "…" : s)
                            + "' is not a plain name (letters, digits, _ - .; no '/' or '..'): it would open files outside the split");
            if (new java.util.HashSet<>(m.sets()).size() != m.sets().size())
                throw new IllegalArgumentException(file + ": set names " + m.sets() + " repeat");
            return m;
        } catch (JacksonException e) {
            throw new IllegalArgumentException(file + ": invalid dataset metadata" + at(e) + ": " + oneLine(e.getOriginalMessage())
                    + " (expected the official dataset.json fields; rebuild the dataset)");
        } catch (java.io.FileNotFoundException | NoSuchFileException e) {
            throw new NoSuchFileException(file + ": no such file (is this a dataset split directory?)");
        }
    }

    static String at(JacksonException e) {
        JsonLocation l = e.getLocation();
        return l == null || l.getLineNr() < 0 ? "" : " at line " + l.getLineNr() + " column " + l.getColumnNr();
    }

    static String oneLine(String s) {
        return s == null ? "" : trm4j.io.FileError.oneLine(s.replaceAll("\\s*\\R\\s*", " ").strip());
    }
}
