package trm4j.io;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code all_config.yaml} that the official {@code pretrain.py} writes beside its checkpoints: the whole
 * training config (lr, batch size, ema, …) with the model hyper-parameters in the {@code arch} block, under their
 * official names (H_cycles, L_cycles, hidden_size, puzzle_emb_ndim, …). Loaded with SnakeYAML's safe constructor:
 * plain maps, lists and scalars only, no object tags.
 */
public final class OfficialConfig {
    private OfficialConfig() {}

    /** The whole config, keys in file order. */
    public static Map<String, Object> read(Path file) throws IOException {
        LoaderOptions opts = new LoaderOptions();
        opts.setAllowDuplicateKeys(false);
        Object doc;
        try (Reader r = TextFiles.reader(file)) {
            doc = new Yaml(new SafeConstructor(opts)).load(r);
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = m != null ? ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1) : "";
            throw new IllegalArgumentException(file + where + ": bad YAML: " + oneLine(e.getProblem() != null ? e.getProblem() : e.getMessage()));
        } catch (YAMLException e) {
            throw new IllegalArgumentException(file + ": bad YAML: " + oneLine(e.getMessage()));
        }
        if (!(doc instanceof Map<?, ?> m)) throw new IllegalArgumentException(file + ": not a YAML mapping (expected the official all_config.yaml)");
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /** The {@code arch} block (model hyper-parameters, official keys) of a config read by {@link #read}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> arch(Map<String, Object> config) {
        if (!(config.get("arch") instanceof Map<?, ?> a))
            throw new IllegalArgumentException("config has no 'arch' block (expected the official all_config.yaml)");
        return (Map<String, Object>) a;
    }

    /** Shortcut: the {@code arch} block of {@code file}, with the file named in the error when it is missing. */
    public static Map<String, Object> readArch(Path file) throws IOException {
        Map<String, Object> c = read(file);
        try {
            return arch(c);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\n\\s*", " ").trim();
    }
}
