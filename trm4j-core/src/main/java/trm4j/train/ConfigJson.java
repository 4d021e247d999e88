package trm4j.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.LinkedHashMap;
import java.util.Map;

/** JSON form of {@link TrainConfig} (config.json): the official keys, {@code arch} as a nested object. */
final class ConfigJson {
    private ConfigJson() {}

    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static String write(TrainConfig c) {
        try {
            return MAPPER.writeValueAsString(c);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the training config", e);
        }
    }

    /** Reads config JSON; absent keys take the official defaults, unknown keys are an error. */
    static TrainConfig read(String json, String source) {
        Map<String, Object> given;
        try {
            given = trm4j.io.StrictJson.MAPPER.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(trm4j.io.StrictJson.describe(source, e));
        }
        if (given == null) throw new IllegalArgumentException(source + ": empty JSON, expected a config object");
        Map<String, Object> tree = ConfigOverrides.defaultTree();
        for (Map.Entry<String, Object> e : given.entrySet()) {
            if (!ConfigValues.KEYS.containsKey(e.getKey()))
                throw new IllegalArgumentException(source + ": unknown key " + trm4j.io.FileError.oneLine(e.getKey())
                        + " (known: " + String.join(", ", ConfigValues.KEYS.keySet()) + ")");
            tree.put(e.getKey(), e.getValue());
        }
        ConfigValues.resolve(tree);
        return fromTree(tree, source);
    }

    /** The config as a mutable tree of maps, lists and scalars (the form overrides edit). */
    static Map<String, Object> toTree(TrainConfig c) {
        Map<String, Object> tree = MAPPER.convertValue(c, new TypeReference<LinkedHashMap<String, Object>>() {});
        // keys left out of the JSON form while at their defaults (trm4j's own recipe keys) come back as defaults
        ConfigOverrides.defaultTree().forEach(tree::putIfAbsent);
        return ConfigValues.mutableCopy(tree);
    }

    /** Type-checks every top-level key, then builds the record. */
    static TrainConfig fromTree(Map<String, Object> tree, String source) {
        Map<String, Object> typed = new LinkedHashMap<>();
        for (String key : ConfigValues.KEYS.keySet()) {
            try {
                typed.put(key, ConfigValues.coerce(key, tree.get(key)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ": " + e.getMessage());
            }
        }
        return MAPPER.convertValue(typed, TrainConfig.class);
    }
}
