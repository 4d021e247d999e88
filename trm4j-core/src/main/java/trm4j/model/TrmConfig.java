package trm4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The official {@code arch} configuration of TinyRecursiveReasoningModel_ACTV1, under its official key names.
 * {@link #fromMap} validates it: missing required keys and impossible values are one clear error.
 *
 * <p>One key is trm4j's own: {@code recompute_activations} (default false) keeps only the input of each network
 * application of the last H cycle during the forward pass and recomputes the activations during the backward
 * pass, one application at a time: the same gradients, bit for bit, in a fraction of the memory (what makes the
 * official batch of 768 fit in 24 GB at hidden 512). It changes no arithmetic, so it is written to a config only
 * when true (the official code ignores keys it does not know).
 */
public record TrmConfig(
        int hidden_size, int num_heads, double expansion, int L_layers, int H_cycles, int L_cycles,
        int seq_len, int vocab_size, int puzzle_emb_ndim, int puzzle_emb_len, int num_puzzle_identifiers,
        String pos_encodings, boolean mlp_t, int halt_max_steps, double halt_exploration_prob,
        boolean no_ACT_continue, double rms_norm_eps, double rope_theta, String forward_dtype,
        boolean recompute_activations, Variant variant, int H_layers) {

    /** A TRM ({@code arch=trm}) configuration. */
    public TrmConfig(int hidden_size, int num_heads, double expansion, int L_layers, int H_cycles, int L_cycles,
            int seq_len, int vocab_size, int puzzle_emb_ndim, int puzzle_emb_len, int num_puzzle_identifiers,
            String pos_encodings, boolean mlp_t, int halt_max_steps, double halt_exploration_prob,
            boolean no_ACT_continue, double rms_norm_eps, double rope_theta, String forward_dtype,
            boolean recompute_activations) {
        this(hidden_size, num_heads, expansion, L_layers, H_cycles, L_cycles, seq_len, vocab_size, puzzle_emb_ndim,
                puzzle_emb_len, num_puzzle_identifiers, pos_encodings, mlp_t, halt_max_steps, halt_exploration_prob,
                no_ACT_continue, rms_norm_eps, rope_theta, forward_dtype, recompute_activations, Variant.TRM, 0);
    }

    static final List<String> REQUIRED = List.of("hidden_size", "num_heads", "expansion", "L_layers", "H_cycles",
            "L_cycles", "seq_len", "vocab_size", "num_puzzle_identifiers", "pos_encodings", "halt_max_steps",
            "halt_exploration_prob");
    /** Keys the official config has that do not change this model's arithmetic. */
    static final Set<String> IGNORED = Set.of("name", "loss", "H_layers", "batch_size", "causal");

    /** Positions used by the puzzle-embedding prefix: puzzle_emb_len, or ceil(ndim / hidden) when it is 0. */
    public int puzzleEmbLen() {
        return puzzle_emb_len == 0 ? (puzzle_emb_ndim + hidden_size - 1) / hidden_size : puzzle_emb_len;
    }

    /** All positions: puzzle prefix + sequence. */
    public int totalSeqLen() { return seq_len + puzzleEmbLen(); }

    public int headDim() { return hidden_size / num_heads; }

    public boolean rope() { return "rope".equals(pos_encodings); }
    public boolean learnedPositions() { return "learned".equals(pos_encodings); }

    public TrmConfig {
        if (variant == null) variant = Variant.TRM;
        List<String> bad = new ArrayList<>();
        if (hidden_size <= 0) bad.add("hidden_size must be > 0");
        // The transformer baseline ships 12 heads at 512: officially head_dim = hidden // heads, heads span less than hidden.
        if (num_heads <= 0 || (hidden_size > 0 && hidden_size % num_heads != 0 && variant != Variant.TRANSFORMER)
                || num_heads > hidden_size)
            bad.add("hidden_size (" + hidden_size + ") must be divisible by num_heads (" + num_heads + ")");
        else if ("rope".equals(pos_encodings) && !mlp_t && (hidden_size / num_heads) % 2 != 0)
            bad.add("RoPE needs an even head dimension, got " + hidden_size / num_heads);
        if (!(expansion > 0)) bad.add("expansion must be > 0");
        if (variant.hasLLevel() && L_layers <= 0) bad.add("L_layers must be > 0");
        if (variant.hasHLevel() && H_layers <= 0) bad.add("H_layers must be > 0 (arch " + variant.archName + ")");
        if (variant == Variant.TRM_HIER6 && L_cycles > 6)
            bad.add("trm_hier6 has six latents z_L1…z_L6: L_cycles must be <= 6, got " + L_cycles);
        if (variant == Variant.TRANSFORMER && "none".equals(pos_encodings))
            bad.add("transformers_baseline needs pos_encodings rope or learned (the official model refuses none)");
        if (variant != Variant.TRM && recompute_activations)
            bad.add("recompute_activations is implemented for arch trm only, not " + variant.archName);
        if (H_cycles <= 0) bad.add("H_cycles must be > 0");
        if (L_cycles <= 0) bad.add("L_cycles must be > 0");
        if (seq_len <= 0) bad.add("seq_len must be > 0");
        if (vocab_size <= 0) bad.add("vocab_size must be > 0");
        if (num_puzzle_identifiers <= 0) bad.add("num_puzzle_identifiers must be > 0");
        if (puzzle_emb_ndim < 0 || puzzle_emb_len < 0) bad.add("puzzle_emb_ndim and puzzle_emb_len must be >= 0");
        if (puzzle_emb_ndim == 0 && puzzle_emb_len != 0)
            bad.add("puzzle_emb_ndim = 0 needs puzzle_emb_len = 0 (got " + puzzle_emb_len + "; the official model breaks otherwise)");
        int plen = puzzle_emb_len == 0 ? (puzzle_emb_ndim + Math.max(1, hidden_size) - 1) / Math.max(1, hidden_size) : puzzle_emb_len;
        if (puzzle_emb_ndim > 0 && (long) plen * hidden_size < puzzle_emb_ndim)
            bad.add("puzzle_emb_ndim (" + puzzle_emb_ndim + ") does not fit in puzzle_emb_len·hidden_size (" + plen + "·" + hidden_size + ")");
        if (halt_max_steps <= 0) bad.add("halt_max_steps must be > 0");
        if (!(halt_exploration_prob >= 0 && halt_exploration_prob <= 1)) bad.add("halt_exploration_prob must be in [0, 1]");
        if (!(rms_norm_eps > 0)) bad.add("rms_norm_eps must be > 0");
        if (!(rope_theta > 0)) bad.add("rope_theta must be > 0");
        if (!no_ACT_continue && variant.trmFamily())
            bad.add("no_ACT_continue = false (the Q-continue loss) is not supported: its official code path crashes");
        if (!POS_ENCODINGS.contains(pos_encodings))
            bad.add("pos_encodings must be rope, learned or none, got '" + (pos_encodings == null || pos_encodings.length() <= 40 ? pos_encodings : pos_encodings.substring(0, 40) + "…") + "'");
        if (forward_dtype != null && !forward_dtype.equals("float32") && !forward_dtype.equals("bfloat16"))
            bad.add("forward_dtype must be float32 or bfloat16, got " + forward_dtype);
        if (!bad.isEmpty()) throw new IllegalArgumentException("invalid arch config: " + String.join("; ", bad));
    }

    private static final ObjectMapper JSON = trm4j.io.StrictJson.MAPPER;

    /**
     * Reads the official arch keys from a map (JSON/YAML). Unknown keys produce a warning line on stderr; the
     * keys the official config carries but this model does not use are accepted silently. A fixture sidecar
     * ({@code {"arch_config": {...}}}) or a training config ({@code {"arch": {...}}}) is unwrapped.
     */
    public static TrmConfig fromMap(Map<String, ?> raw, String source) {
        Map<String, ?> m = raw;
        Object named = raw.get("official_arch_name");
        if (m.get("arch_config") instanceof Map<?, ?> inner) m = cast(inner);
        else if (m.get("arch") instanceof Map<?, ?> inner) m = cast(inner);
        if (named == null) named = m.get("name");
        Variant v = named == null ? Variant.TRM : Variant.byName(String.valueOf(named));
        if (v == null)
            throw new IllegalArgumentException(source + ": unknown model '" + clip(String.valueOf(named))
                    + "' (name); trm4j implements " + Variant.known() + " (recursive_reasoning.<module>@<class> as officially)");
        List<String> required = new ArrayList<>(REQUIRED);
        if (v.hasHLevel()) required.add("H_layers");
        if (v == Variant.TRANSFORMER) required.removeAll(List.of("L_layers", "L_cycles"));
        List<String> missing = new ArrayList<>();
        for (String k : required) if (!m.containsKey(k)) missing.add(k);
        if (!missing.isEmpty())
            throw new IllegalArgumentException(source + ": missing arch keys " + missing + " (official names, e.g. hidden_size, H_cycles)");
        for (String k : m.keySet())
            if (!COMPONENTS.contains(k) && !IGNORED.contains(k) && !ACT_V2.contains(k))
                System.err.println("trm: warning: " + source + ": unknown arch key '" + clip(k) + "' ignored");
        try {
            if (v == Variant.TRANSFORMER)
                for (String k : ACT_V2)
                    if (m.containsKey(k) && bool(m, k, k.equals("act_enabled")) != k.equals("act_enabled"))
                        throw new IllegalArgumentException(k + " = " + m.get(k) + " is not supported (only the official default)");
            boolean trm = v.trmFamily(), transformer = v == Variant.TRANSFORMER;
            return new TrmConfig(
                    integer(m, "hidden_size"), integer(m, "num_heads"), real(m, "expansion", Double.NaN),
                    transformer ? 0 : integer(m, "L_layers"), integer(m, "H_cycles"), transformer ? 1 : integer(m, "L_cycles"),
                    integer(m, "seq_len"), integer(m, "vocab_size"), intOr(m, "puzzle_emb_ndim", 0),
                    trm ? intOr(m, "puzzle_emb_len", 16) : 0, integer(m, "num_puzzle_identifiers"),
                    String.valueOf(m.get("pos_encodings")), !transformer && bool(m, "mlp_t", false), integer(m, "halt_max_steps"),
                    real(m, "halt_exploration_prob", Double.NaN), !trm || bool(m, "no_ACT_continue", true),
                    real(m, "rms_norm_eps", 1e-5), real(m, "rope_theta", 10000.0),
                    m.containsKey("forward_dtype") ? String.valueOf(m.get("forward_dtype")) : "bfloat16",
                    bool(m, "recompute_activations", false), v, v.hasHLevel() ? integer(m, "H_layers") : 0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    /** The transformer baseline's own ACT keys; only their defaults (act_enabled true, act_inference false) are implemented. */
    static final Set<String> ACT_V2 = Set.of("act_enabled", "act_inference");

    public static TrmConfig read(Path json) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(trm4j.io.TextFiles.read(json));
        } catch (IOException e) {
            throw new IllegalArgumentException(json + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (node == null || !node.isObject()) throw new IllegalArgumentException(json + ": expected a JSON object with the arch keys");
        return fromMap(cast(JSON.convertValue(node, Map.class)), json.toString());
    }

    /** The official arch keys and values, in the official spelling. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (variant != Variant.TRM) m.put("name", variant.officialName);
        if (variant.hasHLevel()) m.put("H_layers", H_layers);
        m.put("hidden_size", hidden_size); m.put("num_heads", num_heads); m.put("expansion", expansion);
        if (variant.hasLLevel()) m.put("L_layers", L_layers);
        m.put("H_cycles", H_cycles);
        if (variant != Variant.TRANSFORMER) m.put("L_cycles", L_cycles);
        m.put("seq_len", seq_len); m.put("vocab_size", vocab_size); m.put("puzzle_emb_ndim", puzzle_emb_ndim);
        if (variant.trmFamily()) m.put("puzzle_emb_len", puzzle_emb_len);
        m.put("num_puzzle_identifiers", num_puzzle_identifiers);
        m.put("pos_encodings", pos_encodings);
        if (variant != Variant.TRANSFORMER) m.put("mlp_t", mlp_t);
        m.put("halt_max_steps", halt_max_steps);
        m.put("halt_exploration_prob", halt_exploration_prob);
        if (variant.trmFamily()) m.put("no_ACT_continue", no_ACT_continue);
        m.put("rms_norm_eps", rms_norm_eps); m.put("rope_theta", rope_theta); m.put("forward_dtype", forward_dtype);
        if (recompute_activations) m.put("recompute_activations", true);
        return m;
    }

    public ObjectNode toJson() { return JSON.valueToTree(toMap()); }

    private static final Set<String> COMPONENTS = Set.of("hidden_size", "num_heads", "expansion", "L_layers", "H_cycles",
            "L_cycles", "seq_len", "vocab_size", "puzzle_emb_ndim", "puzzle_emb_len", "num_puzzle_identifiers",
            "pos_encodings", "mlp_t", "halt_max_steps", "halt_exploration_prob", "no_ACT_continue", "rms_norm_eps",
            "rope_theta", "forward_dtype", "recompute_activations");

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Map<?, ?> m) { return (Map<String, ?>) m; }

    /** An exact int: a value outside the int range or with a fraction is refused, never truncated. */
    private static int integer(Map<String, ?> m, String k) { return exactInt(k, m.get(k)); }

    /** {@code v} (arch key {@code k}) as an exact int: a number, or a string holding one; anything else is refused. */
    public static int exactInt(String k, Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte || v instanceof java.math.BigInteger) {
            java.math.BigInteger b = new java.math.BigInteger(v.toString());
            if (b.bitLength() < 32) return b.intValue();
            throw new IllegalArgumentException(k + " = " + v + " is out of range (at most " + Integer.MAX_VALUE + ")");
        }
        if (v instanceof Number n && !(v instanceof Boolean)) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) return (int) d;
            throw new IllegalArgumentException(k + " must be an integer in the int range, got " + v);
        }
        if (v instanceof String s) try { return Integer.parseInt(s.trim()); } catch (NumberFormatException ignored) { }
        throw new IllegalArgumentException(k + " must be an integer, got " + (v instanceof String s ? "'" + clip(s) + "'" : clip(String.valueOf(v))));
    }

    private static String clip(String s) { return trm4j.io.FileError.oneLine(s.length() > 40 ? s.substring(0, 40) + "…" : s); }

    /** The values of {@code pos_encodings} the official model knows (anything else there silently means none). */
    static final Set<String> POS_ENCODINGS = Set.of("rope", "learned", "none");

    private static int intOr(Map<String, ?> m, String k, int dflt) { return m.containsKey(k) ? integer(m, k) : dflt; }

    private static double real(Map<String, ?> m, String k, double dflt) {
        Object v = m.get(k);
        if (v == null) {
            if (Double.isNaN(dflt)) throw new IllegalArgumentException(k + " must be a number");
            return dflt;
        }
        if (v instanceof Number n) return n.doubleValue();
        try { return Double.parseDouble(v.toString().trim()); }
        catch (NumberFormatException e) { throw new IllegalArgumentException(k + " must be a number, got " + clip(String.valueOf(v))); }
    }

    private static boolean bool(Map<String, ?> m, String k, boolean dflt) {
        Object v = m.get(k);
        if (v == null) return dflt;
        if (v instanceof Boolean b) return b;
        String s = v.toString().trim().toLowerCase();
        if (s.equals("true")) return true;
        if (s.equals("false")) return false;
        throw new IllegalArgumentException(k + " must be true or false, got " + clip(String.valueOf(v)));
    }
}
