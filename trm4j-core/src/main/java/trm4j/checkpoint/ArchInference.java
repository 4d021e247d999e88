package trm4j.checkpoint;

import trm4j.data.PuzzleDatasetMetadata;
import trm4j.io.RawTensor;
import trm4j.model.TrmConfig;
import trm4j.model.Variant;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule that completes an arch block: the keys a training config lacks come first from the train split's
 * dataset.json (vocab_size, seq_len, num_puzzle_identifiers, which the official trainer injects), then from the shapes
 * of the weights: vocab_size, hidden_size, puzzle-embedding size, L_layers, H_layers, mlp_t, learned positions and,
 * where the weights show it, seq_len. Keys already given are never changed (the model check catches conflicts).
 */
public final class ArchInference {
    private ArchInference() {}

    /**
     * {@code arch} completed from {@code trainMeta} (the train split's dataset.json, or null) and then from
     * {@code weights} (names without the compile prefix, or null: a model not trained yet).
     */
    public static Map<String, Object> complete(Map<String, Object> arch, PuzzleDatasetMetadata trainMeta, Map<String, RawTensor> weights) {
        Map<String, Object> a = new LinkedHashMap<>(arch);
        if (trainMeta != null) {
            a.putIfAbsent("vocab_size", trainMeta.vocabSize());
            a.putIfAbsent("seq_len", trainMeta.seqLen());
            a.putIfAbsent("num_puzzle_identifiers", trainMeta.numPuzzleIdentifiers());
        }
        return weights == null ? a : complete(a, weights);
    }

    private static final String P = "model.inner.";
    private static final Pattern LAYER = Pattern.compile("^model\\.inner\\.([HL])_level\\.layers\\.(\\d+)\\.");

    /** {@code arch} completed from {@code weights} (names without the compile prefix). */
    public static Map<String, Object> complete(Map<String, Object> arch, Map<String, RawTensor> weights) {
        Map<String, Object> a = new LinkedHashMap<>(arch);
        RawTensor embed = weights.get(P + "embed_tokens.embedding_weight");
        if (embed == null || embed.shape().length != 2)
            throw new IllegalArgumentException("no " + P + "embed_tokens.embedding_weight [vocab, hidden]: not a TRM checkpoint");
        a.putIfAbsent("vocab_size", embed.shape()[0]);
        a.putIfAbsent("hidden_size", embed.shape()[1]);
        int hidden = TrmConfig.exactInt("hidden_size", a.get("hidden_size"));
        if (hidden <= 0) throw new IllegalArgumentException("hidden_size must be > 0, got " + hidden);

        RawTensor pemb = weights.get(P + "puzzle_emb.weights");
        if (pemb != null && pemb.shape().length == 2) {
            a.putIfAbsent("num_puzzle_identifiers", pemb.shape()[0]);
            a.putIfAbsent("puzzle_emb_ndim", pemb.shape()[1]);
        } else {
            a.putIfAbsent("puzzle_emb_ndim", 0);
            a.putIfAbsent("num_puzzle_identifiers", 1); // unused without a puzzle embedding
            if (TrmConfig.exactInt("puzzle_emb_ndim", a.get("puzzle_emb_ndim")) == 0) a.putIfAbsent("puzzle_emb_len", 0);
        }

        TreeSet<Integer> layers = new TreeSet<>(), hLayers = new TreeSet<>();
        for (String k : weights.keySet()) {
            Matcher m = LAYER.matcher(k);
            if (m.find()) (m.group(1).equals("L") ? layers : hLayers).add(Integer.parseInt(m.group(2)));
        }
        if (!layers.isEmpty()) a.putIfAbsent("L_layers", layers.size());
        if (!hLayers.isEmpty()) a.putIfAbsent("H_layers", hLayers.size());
        Variant variant = Variant.byName(String.valueOf(a.get("name")));
        boolean trmFamily = variant == null || variant.trmFamily();
        RawTensor tokenMlp = weights.get(P + "L_level.layers.0.mlp_t.gate_up_proj.weight");
        if (tokenMlp == null) tokenMlp = weights.get(P + "H_level.layers.0.mlp_t.gate_up_proj.weight");
        a.putIfAbsent("mlp_t", tokenMlp != null);
        RawTensor pos = weights.get(P + "embed_pos.embedding_weight");
        if (pos != null) a.putIfAbsent("pos_encodings", "learned");

        // Positions = seq_len + puzzle prefix; the prefix follows the official rule (0 means ceil(ndim / hidden)).
        int ndim = TrmConfig.exactInt("puzzle_emb_ndim", a.get("puzzle_emb_ndim"));
        int len = !trmFamily ? 0   // HRM and the transformer baseline: always ceil(ndim / hidden)
                : a.containsKey("puzzle_emb_len") ? TrmConfig.exactInt("puzzle_emb_len", a.get("puzzle_emb_len")) : 16;
        int prefix = len == 0 ? (ndim + hidden - 1) / hidden : len;
        if (!a.containsKey("seq_len")) {
            if (pos != null) a.put("seq_len", pos.shape()[0] - prefix);
            else if (tokenMlp != null) a.put("seq_len", tokenMlp.shape()[1] - prefix);
        }
        return a;
    }
}
