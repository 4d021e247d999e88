package trm4j.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import trm4j.checkpoint.Checkpoints;
import trm4j.cli.view.SolutionJson;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The models the server holds: those given with {@code --checkpoint} (loaded at start, always kept) and run
 * checkpoints loaded from the runs page (at most {@code maxLoaded} of them, least recently used dropped first,
 * so memory stays bounded).
 */
final class Models {
    private final Map<String, ServedModel> pinned = new LinkedHashMap<>();
    private final LinkedHashMap<String, ServedModel> loaded = new LinkedHashMap<>(16, 0.75f, true);
    private final int maxLoaded;

    Models(int maxLoaded) { this.maxLoaded = maxLoaded; }

    /** Loads a checkpoint given on the command line; its id is its folder or file name (made unique). */
    void addPinned(Path path) throws IOException {
        Path abs = path.toAbsolutePath().normalize();
        String name = abs.getFileName() == null ? abs.toString() : abs.getFileName().toString();
        Path parent = abs.getParent();
        if (name.startsWith("step_") && parent != null && parent.getFileName() != null) name = parent.getFileName() + "/" + name;
        String id = name;
        for (int k = 2; pinned.containsKey(id); k++) id = name + "#" + k;
        pinned.put(id, ServedModel.of(id, name, Checkpoints.load(path)));
    }

    synchronized ServedModel get(String id) {
        ServedModel m = pinned.get(id);
        if (m == null) m = loaded.get(id);
        if (m == null) throw HttpError.badRequest("unknown model '" + id + "'; GET /api/models lists the loaded ones");
        return m;
    }

    /** A run checkpoint, loaded on first use; {@code path} must come from {@link Runs} (never from a request). */
    ServedModel loadRunCheckpoint(String id, String name, Path path) throws IOException {
        synchronized (this) {
            ServedModel m = loaded.get(id);
            if (m != null) return m;
        }
        ServedModel m = ServedModel.of(id, name, Checkpoints.load(path));
        synchronized (this) {
            ServedModel prev = loaded.putIfAbsent(id, m);
            if (prev != null) return prev;
            while (loaded.size() > maxLoaded) loaded.remove(loaded.keySet().iterator().next());
            return m;
        }
    }

    synchronized List<ServedModel> all() {
        List<ServedModel> out = new ArrayList<>(pinned.values());
        out.addAll(loaded.values());
        return out;
    }

    ArrayNode describe() {
        ArrayNode a = SolutionJson.JSON.createArrayNode();
        for (ServedModel m : all()) a.add(m.describe());
        return a;
    }
}
