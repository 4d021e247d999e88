package trm4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import trm4j.cli.view.SolutionJson;
import trm4j.io.OfficialConfig;
import trm4j.checkpoint.CheckpointDir;
import trm4j.checkpoint.Checkpoints;
import trm4j.train.MetricsLog;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The training runs under the runs folder: every folder (down to {@value #DEPTH} levels, e.g.
 * {@code checkpoints/project/run}) holding a {@code metrics.jsonl} or {@code step_N} checkpoints. A request names a
 * run by its id (its path below the runs folder, '/'-separated) and a checkpoint by its folder name; both are only
 * ever looked up in the listing made here, so no request can reach a file outside the runs folder.
 */
final class Runs {
    static final int DEPTH = 3;
    private final Path root;

    Runs(Path root) { this.root = root.toAbsolutePath().normalize(); }

    Path root() { return root; }

    record Run(String id, Path dir) {}

    List<Run> list() throws IOException {
        List<Run> out = new ArrayList<>();
        if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) scan(root, "", 0, out);
        out.sort((a, b) -> a.id().compareTo(b.id()));
        return out;
    }

    private static void scan(Path dir, String prefix, int depth, List<Run> out) throws IOException {
        if (depth > 0 && isRun(dir)) {
            out.add(new Run(prefix, dir));
            return;
        }
        if (depth == DEPTH) return;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) continue;
                scan(p, prefix.isEmpty() ? name : prefix + "/" + name, depth + 1, out);
            }
        }
    }

    private static boolean isRun(Path dir) throws IOException {
        return Files.isRegularFile(dir.resolve(CheckpointDir.METRICS), LinkOption.NOFOLLOW_LINKS) || !new CheckpointDir(dir).list().isEmpty();
    }

    Run find(String id) throws IOException {
        if (id == null || id.isEmpty()) throw HttpError.badRequest("no run given");
        for (Run r : list()) if (r.id().equals(id)) return r;
        throw HttpError.notFound("no run '" + id + "' under the runs folder; GET /api/runs lists them");
    }

    /** A checkpoint of a run by its folder name (step_N), from the run's own listing. */
    Path checkpoint(Run run, String name) throws IOException {
        for (Path p : new CheckpointDir(run.dir()).list()) if (p.getFileName().toString().equals(name)) return p;
        throw HttpError.notFound("run '" + run.id() + "' has no checkpoint '" + name + "'");
    }

    ObjectNode describe(Run run) throws IOException {
        ObjectNode o = SolutionJson.JSON.createObjectNode();
        o.put("id", run.id());
        List<Path> cks = new CheckpointDir(run.dir()).list();
        ArrayNode a = o.putArray("checkpoints");
        for (Path p : cks) a.addObject().put("name", p.getFileName().toString()).put("step", CheckpointDir.stepOf(p));
        o.set("config", config(run.dir()));
        Path metrics = run.dir().resolve(CheckpointDir.METRICS);
        o.put("metrics_modified", Files.isRegularFile(metrics) ? Files.getLastModifiedTime(metrics).toMillis() : 0);
        return o;
    }

    /** The run's config: config.json of its latest checkpoint, else an official all_config.yaml in the run folder. */
    private static JsonNode config(Path dir) {
        try {
            Path config = Checkpoints.configBeside(dir);
            if (config != null && config.getFileName().toString().equals(CheckpointDir.CONFIG)) return SolutionJson.JSON.readTree(config.toFile());
            if (config != null) return SolutionJson.JSON.valueToTree(OfficialConfig.read(config));
        } catch (IOException | RuntimeException e) {
            return SolutionJson.JSON.getNodeFactory().textNode("unreadable: " + e.getMessage().lines().findFirst().orElse(""));
        }
        return SolutionJson.JSON.nullNode();
    }

    /** metrics.jsonl records from index {@code from} on (a page that polls asks only for the new ones). */
    ObjectNode metrics(Run run, int from) throws IOException {
        List<Map<String, Object>> recs = MetricsLog.read(run.dir().resolve(CheckpointDir.METRICS));
        ObjectNode o = SolutionJson.JSON.createObjectNode();
        o.put("run", run.id());
        o.put("total", recs.size());
        int start = Math.clamp(from, 0, recs.size());
        o.put("from", start);
        o.set("records", SolutionJson.JSON.valueToTree(recs.subList(start, recs.size())));
        return o;
    }
}
