package trm4j.data.arc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads ARC tasks: the Kaggle combined layout ({@code <prefix>_<subset>_challenges.json} plus
 * {@code _solutions.json}) or a directory with one {@code <task id>.json} per task (outputs included).
 */
public final class ArcTaskReader {
    private static final ObjectMapper JSON = trm4j.io.StrictJson.MAPPER;

    private ArcTaskReader() {}

    public static Path challengesFile(String prefix, String subset) { return Path.of(prefix + "_" + subset + "_challenges.json"); }

    public static Path solutionsFile(String prefix, String subset) { return Path.of(prefix + "_" + subset + "_solutions.json"); }

    /**
     * One subset in the Kaggle layout, in file order. As the official builder does, a missing solutions
     * file fills every test output with the dummy grid [[0]] (a note goes to {@code warn}).
     */
    public static List<ArcTask> readKaggle(String prefix, String subset, Appendable warn) throws IOException {
        Path ch = challengesFile(prefix, subset);
        if (!Files.isRegularFile(ch)) {
            throw new IOException(ch + ": no such file; --input-file-prefix must name <dir>/<prefix> so that <prefix>_"
                    + subset + "_challenges.json exists");
        }
        ObjectNode tasks = readObject(ch);
        Path so = solutionsFile(prefix, subset);
        ObjectNode sols = Files.isRegularFile(so) ? readObject(so) : null;
        if (sols == null && warn != null) warn.append(subset + " solutions not found, filling with dummy\n");
        List<ArcTask> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = tasks.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String id = e.getKey();
            String where = ch + ": task " + id;
            ObjectNode task = asObject(e.getValue(), where);
            JsonNode test = task.get("test");
            if (!(test instanceof ArrayNode testArr)) throw new IllegalArgumentException(where + ": no \"test\" list");
            if (sols != null) {
                JsonNode s = sols.get(id);
                if (!(s instanceof ArrayNode solArr)) {
                    throw new IllegalArgumentException(so + ": task " + id + " has no solution list; add one grid per test input");
                }
                if (solArr.size() > testArr.size()) {
                    throw new IllegalArgumentException(so + ": task " + id + " has " + solArr.size()
                            + " solutions for " + testArr.size() + " test inputs");
                }
                for (int i = 0; i < solArr.size(); i++) asObject(testArr.get(i), where + " test " + i).set("output", solArr.get(i));
            } else {
                for (int i = 0; i < testArr.size(); i++) {
                    ObjectNode ex = asObject(testArr.get(i), where + " test " + i);
                    if (!ex.has("output")) ex.set("output", dummyGrid());
                }
            }
            out.add(parseTask(id, task, where));
        }
        return out;
    }

    /** Every {@code *.json} in {@code dir}, sorted by file name; the task id is the name without ".json". */
    public static List<ArcTask> readDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException(dir + ": not a directory of task files (<task id>.json)");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        if (files.isEmpty()) throw new IOException(dir + ": no .json task files");
        List<ArcTask> out = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            String id = name.substring(0, name.length() - ".json".length());
            out.add(parseTask(id, readObject(f), f + ": task " + id));
        }
        return out;
    }

    private static ArrayNode dummyGrid() {
        ArrayNode g = JSON.createArrayNode();
        g.addArray().add(0);
        return g;
    }

    private static ObjectNode readObject(Path f) throws IOException {
        JsonNode n;
        try {
            n = JSON.readTree(trm4j.io.TextFiles.read(f));
        } catch (IOException e) {
            throw new IOException(f + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
        if (!(n instanceof ObjectNode o)) throw new IOException(f + ": top level must be a JSON object");
        return o;
    }

    private static ObjectNode asObject(JsonNode n, String where) {
        if (!(n instanceof ObjectNode o)) throw new IllegalArgumentException(where + ": expected a JSON object");
        return o;
    }

    /** Validates and converts one task object (keys "train" and "test" only, each a list of pairs). */
    public static ArcTask parseTask(String id, ObjectNode task, String where) {
        List<ArcTask.Segment> segs = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = task.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String kind = e.getKey();
            if (!kind.equals("train") && !kind.equals("test")) {
                throw new IllegalArgumentException(where + ": unknown key \"" + kind + "\"; a task has only \"train\" and \"test\"");
            }
            if (!(e.getValue() instanceof ArrayNode arr)) throw new IllegalArgumentException(where + ": \"" + kind + "\" must be a list");
            List<ArcPair> pairs = new ArrayList<>();
            for (int i = 0; i < arr.size(); i++) {
                String w = where + " " + kind + " pair " + i;
                ObjectNode ex = asObject(arr.get(i), w);
                if (!ex.has("input")) throw new IllegalArgumentException(w + ": missing \"input\"");
                if (!ex.has("output")) {
                    throw new IllegalArgumentException(w + ": missing \"output\"" + (kind.equals("test")
                            ? " (test outputs come from the solutions file or the task file)" : ""));
                }
                pairs.add(new ArcPair(grid(ex.get("input"), w + " input"), grid(ex.get("output"), w + " output")));
            }
            segs.add(new ArcTask.Segment(kind, pairs));
        }
        if (segs.stream().noneMatch(s -> s.kind().equals("train") && !s.pairs().isEmpty())) {
            throw new IllegalArgumentException(where + ": no \"train\" pairs; every task needs at least one demonstration");
        }
        return new ArcTask(id, segs, task);
    }

    /** A JSON grid (list of equal-length rows of integers 0..9, 1..30 each way). */
    public static ArcGrid grid(JsonNode n, String where) {
        if (!(n instanceof ArrayNode rows) || rows.isEmpty()) throw new IllegalArgumentException(where + ": a grid must be a non-empty list of rows");
        if (rows.size() > ArcGrid.MAX_SIZE) throw new IllegalArgumentException(where + ": " + rows.size() + " rows, at most 30 allowed");
        int[][] g = new int[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            if (!(rows.get(r) instanceof ArrayNode row)) throw new IllegalArgumentException(where + " row " + r + ": a row must be a list of integers");
            if (row.size() > ArcGrid.MAX_SIZE) throw new IllegalArgumentException(where + " row " + r + ": " + row.size() + " columns, at most 30 allowed");
            g[r] = new int[row.size()];
            for (int c = 0; c < row.size(); c++) {
                JsonNode v = row.get(c);
                if (!v.isIntegralNumber() || !v.canConvertToInt()) throw new IllegalArgumentException(where + " row " + r + " column " + c + ": " + v + " is not an integer colour 0..9");
                g[r][c] = v.asInt();
            }
        }
        try {
            return ArcGrid.of(g);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

}
