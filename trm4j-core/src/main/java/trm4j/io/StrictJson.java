package trm4j.io;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON reader for every file trm4j loads: a duplicate key, trailing text after the value, nesting deeper
 * than {@value #MAX_DEPTH} or a number longer than {@value #MAX_NUMBER} digits is an error rather than silently
 * taken (the last duplicate winning, the garbage ignored).
 */
public final class StrictJson {
    private StrictJson() {}

    public static final int MAX_DEPTH = 256;
    public static final int MAX_NUMBER = 400;

    /** A new strict mapper (callers may add their own features to it). */
    public static JsonMapper.Builder builder() {
        JsonFactory f = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxNumberLength(MAX_NUMBER).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        return JsonMapper.builder(f).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** A shared strict mapper. */
    public static final ObjectMapper MAPPER = builder().build();

    /** The JSON tree of {@code file}; a syntax error is one line naming the file, line and column. */
    public static com.fasterxml.jackson.databind.JsonNode readTree(java.nio.file.Path file) throws java.io.IOException {
        return readValue(file, MAPPER, com.fasterxml.jackson.databind.JsonNode.class);
    }

    /**
     * {@code file} (read as UTF-8 text, see {@link TextFiles}) as a {@code type} by {@code mapper}; a syntax or
     * mapping error is one line naming the file, line and column.
     */
    public static <T> T readValue(java.nio.file.Path file, ObjectMapper mapper, Class<T> type) throws java.io.IOException {
        String text = TextFiles.read(file);
        try {
            return mapper.readValue(text, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(describe(file, e), e);
        }
    }

    /** "FILE: not valid JSON at line L, column C: what" for a parse error {@code e}. */
    public static String describe(Object file, com.fasterxml.jackson.core.JsonProcessingException e) {
        var loc = e.getLocation();
        String at = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
        return file + ": not valid JSON" + at + ": " + FileError.oneLine(e.getOriginalMessage());
    }
}
