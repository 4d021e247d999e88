package trm4j.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code metrics.jsonl}: one JSON object per logged training step or evaluation, {@code {"step": N, ...}},
 * flushed line by line. Keys follow the official logger: {@code train/lm_loss}, {@code train/q_halt_loss},
 * {@code train/accuracy}, {@code train/exact_accuracy}, {@code train/q_halt_accuracy}, {@code train/steps},
 * {@code train/lr}, and per evaluated set {@code <set>/accuracy} etc. Non-finite numbers are written as the
 * strings "NaN"/"Infinity" and read back as doubles.
 */
public final class MetricsLog implements Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final BufferedWriter out;

    /** Opens {@code file} for appending (created with its folders if absent). */
    public MetricsLog(Path file) throws IOException {
        this.file = file;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    public Path file() { return file; }

    /** Appends {@code {"step": step, ...values}} as one line and flushes it. */
    public synchronized void log(long step, Map<String, ?> values) throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("step", step);
        values.forEach((k, v) -> { if (!k.equals("step")) line.put(k, v); });
        out.write(JSON.writeValueAsString(line));
        out.write('\n');
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException { out.close(); }

    /**
     * All records of {@code file} in order; an empty list when the file is absent. A last line cut short by a
     * crash is ignored; any other malformed line is an error naming the file and line.
     */
    public static List<Map<String, Object>> read(Path file) throws IOException {
        if (!Files.exists(file)) return List.of();
        List<String> lines = trm4j.io.TextFiles.lines(file);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String s = lines.get(i).strip();
            if (s.isEmpty()) continue;
            try {
                Map<String, Object> rec = JSON.readValue(s, new TypeReference<LinkedHashMap<String, Object>>() {});
                rec.replaceAll((k, v) -> v instanceof String str && isNonFinite(str) ? Double.parseDouble(str) : v);
                out.add(rec);
            } catch (JsonProcessingException e) {
                if (i == lines.size() - 1) break;
                throw new IllegalArgumentException(file + ": line " + (i + 1) + " is not a JSON object (" + e.getOriginalMessage() + "); delete or fix that line");
            }
        }
        return out;
    }

    private static boolean isNonFinite(String s) {
        return s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity");
    }

    /** The step of a record as a long, or -1 when it has none. */
    public static long stepOf(Map<String, Object> record) {
        return record.get("step") instanceof Number n ? n.longValue() : -1;
    }

    /** Rewrites {@code file} atomically without the records after {@code step} (resume from that step). */
    public static void truncateAfter(Path file, long step) throws IOException {
        if (!Files.exists(file)) return;
        List<Map<String, Object>> records = read(file);
        List<String> lines = trm4j.io.TextFiles.lines(file).stream().filter(l -> !l.isBlank()).toList();
        StringBuilder b = new StringBuilder();
        // the original text of each kept line, so a resumed run's log is byte-identical to an uninterrupted one
        for (int i = 0; i < records.size(); i++) if (stepOf(records.get(i)) <= step) b.append(lines.get(i).strip()).append('\n');
        trm4j.io.AtomicFiles.writeString(file, b);
    }
}
