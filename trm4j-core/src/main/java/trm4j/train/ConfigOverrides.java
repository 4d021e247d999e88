package trm4j.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import trm4j.model.Variant;

/**
 * The official Hydra-style command-line overrides: {@code key=value}, {@code arch.L_cycles=6},
 * {@code data_paths="[dir]"}, {@code +run_name=foo}, {@code arch=trm}, {@code evaluators="[]"},
 * {@code ema=True}, {@code lr=1e-4}. Top-level keys are those of {@link TrainConfig} (the {@code +} prefix is
 * optional for them); a key inside {@code arch} must already exist unless written {@code +arch.key=value}.
 * Any unknown key or ill-typed value is one IllegalArgumentException naming the override and the fix.
 */
public final class ConfigOverrides {
    private ConfigOverrides() {}

    /** The default architecture group ({@code config/arch/trm.yaml}). */
    public static final String ARCH_GROUP = "trm";

    /** {@code config/arch/trm.yaml} as the official code loads it, {@code puzzle_emb_ndim} still interpolated. */
    public static Map<String, Object> defaultArch() { return defaultArch(Variant.TRM); }

    /**
     * {@code config/arch/<group>.yaml} of a variant as the official code loads it (keys in file order,
     * {@code puzzle_emb_ndim} still interpolated).
     */
    public static Map<String, Object> defaultArch(Variant v) {
        Map<String, Object> loss = new LinkedHashMap<>();
        loss.put("name", "losses@ACTLossHead");
        loss.put("loss_type", "stablemax_cross_entropy");
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("name", v.officialName);
        a.put("loss", loss);
        a.put("halt_exploration_prob", 0.1);
        a.put("halt_max_steps", 16);
        switch (v) {
            case HRM -> {
                a.put("H_cycles", 2);
                a.put("L_cycles", 2);
                a.put("H_layers", 4);
                a.put("L_layers", 4);
            }
            case TRANSFORMER -> {
                a.put("H_cycles", 1);
                a.put("H_layers", 8);
            }
            default -> {
                a.put("H_cycles", 3);
                a.put("L_cycles", 6);
                a.put("H_layers", 0);
                a.put("L_layers", 2);
            }
        }
        a.put("hidden_size", 512);
        a.put("num_heads", v == Variant.TRANSFORMER ? 12 : 8);
        a.put("expansion", 4);
        a.put("puzzle_emb_ndim", "${.hidden_size}");
        a.put("pos_encodings", "rope");
        if (v == Variant.TRANSFORMER) return a;
        a.put("forward_dtype", "bfloat16");
        a.put("mlp_t", false);
        if (v == Variant.HRM) return a;
        a.put("puzzle_emb_len", 16);
        a.put("no_ACT_continue", true);
        return a;
    }

    /** The arch group of an arch block (by its official name; trm when it has none). */
    static String group(Map<String, Object> arch) {
        Variant v = arch == null ? null : Variant.byName(String.valueOf(arch.get("name")));
        return v == null ? ARCH_GROUP : v.archName;
    }

    /** {@code config/cfg_pretrain.yaml} plus the code defaults of {@code PretrainConfig}, unresolved. */
    static Map<String, Object> defaultTree() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("arch", defaultArch());
        t.put("data_paths", new ArrayList<>(List.of("data/arc-aug-1000")));
        t.put("data_paths_test", new ArrayList<>());
        Map<String, Object> arc = new LinkedHashMap<>();
        arc.put("name", "arc@ARC");
        t.put("evaluators", new ArrayList<>(List.of(arc)));
        t.put("global_batch_size", 768);
        t.put("epochs", 100000);
        t.put("lr", 1e-4);
        t.put("lr_min_ratio", 1.0);
        t.put("lr_warmup_steps", 2000);
        t.put("weight_decay", 0.1);
        t.put("beta1", 0.9);
        t.put("beta2", 0.95);
        t.put("puzzle_emb_lr", 1e-2);
        t.put("puzzle_emb_weight_decay", 0.1);
        t.put("project_name", null);
        t.put("run_name", null);
        t.put("load_checkpoint", null);
        t.put("checkpoint_path", null);
        t.put("seed", 0L);
        t.put("checkpoint_every_eval", true);
        t.put("eval_interval", 10000);
        t.put("min_eval_interval", 0);
        t.put("eval_save_outputs", new ArrayList<>());
        t.put("ema", false);
        t.put("ema_rate", 0.999);
        t.put("freeze_weights", false);
        t.put("augment", null);
        t.put("curriculum_reveal", 0.0);
        t.put("curriculum_steps", 0L);
        return t;
    }

    /** The official defaults with {@code overrides} applied (interpolations such as puzzle_emb_ndim follow). */
    public static TrainConfig parse(List<String> overrides) {
        return build(defaultTree(), overrides);
    }

    /** {@code base} with {@code overrides} applied; {@code arch=trm} resets the arch block to its defaults. */
    public static TrainConfig apply(TrainConfig base, List<String> overrides) {
        return build(ConfigJson.toTree(base), overrides);
    }

    private static TrainConfig build(Map<String, Object> tree, List<String> overrides) {
        List<String> values = new ArrayList<>();
        // Hydra applies group selections before value overrides, wherever they are written.
        for (String o : overrides) {
            String s = o.strip();
            int eq = s.indexOf('=');
            if (eq > 0 && s.substring(0, eq).strip().equals("arch")) {
                String group = s.substring(eq + 1).strip();
                Variant v = Variant.byName(group);
                if (v == null || !group.equals(v.archName))
                    throw new IllegalArgumentException("override '" + ConfigValues.show(o).replaceAll("^'|'$", "") + "': architecture group '" + group
                            + "' is not implemented; trm4j implements arch=" + Variant.known().replace(", ", ", arch="));
                tree.put("arch", defaultArch(v));
            } else values.add(o);
        }
        for (String o : values) set(tree, o);
        try {
            ConfigValues.resolve(tree);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config: " + e.getMessage());
        }
        return ConfigJson.fromTree(tree, "config");
    }

    @SuppressWarnings("unchecked")
    private static void set(Map<String, Object> tree, String override) {
        String s = override.strip();
        int eq = s.indexOf('=');
        if (eq <= 0)
            throw new IllegalArgumentException("override '" + ConfigValues.show(override).replaceAll("^'|'$", "") + "' is not key=value (e.g. lr=1e-4, arch.L_cycles=6, +run_name=foo)");
        String key = s.substring(0, eq).strip();
        String text = s.substring(eq + 1);
        boolean add = false;
        if (key.startsWith("++")) { key = key.substring(2); add = true; }
        else if (key.startsWith("+")) { key = key.substring(1); add = true; }
        else if (key.startsWith("~"))
            throw new IllegalArgumentException("override '" + ConfigValues.show(override).replaceAll("^'|'$", "") + "': deleting keys (~key) is not supported");
        String[] path = key.split("\\.", -1);
        for (String part : path)
            if (part.isEmpty()) throw new IllegalArgumentException("override '" + ConfigValues.show(override).replaceAll("^'|'$", "") + "': empty key segment in " + key);
        Object value;
        try {
            value = ConfigValues.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("override '" + ConfigValues.show(override).replaceAll("^'|'$", "") + "': " + e.getMessage());
        }
        String top = path[0];
        if (!ConfigValues.KEYS.containsKey(top))
            throw new IllegalArgumentException("override '" + ConfigValues.show(override).replaceAll("^'|'$", "") + "': unknown key " + top
                    + " (known: " + String.join(", ", ConfigValues.KEYS.keySet()) + ")");
        if (path.length == 1) {
            if (top.equals("arch"))
                throw new IllegalArgumentException("override '" + ConfigValues.show(override).replaceAll("^'|'$", "") + "': write arch=" + ARCH_GROUP + " (or another group) or arch.KEY=VALUE");
            try {
                tree.put(top, ConfigValues.coerce(top, value));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("override '" + ConfigValues.show(override).replaceAll("^'|'$", "") + "': " + e.getMessage());
            }
            return;
        }
        if (!top.equals("arch"))
            throw new IllegalArgumentException("override '" + ConfigValues.show(override).replaceAll("^'|'$", "") + "': " + top + " has no sub-keys");
        Map<String, Object> node = (Map<String, Object>) tree.get("arch");
        for (int i = 1; i < path.length - 1; i++) {
            Object next = node.get(path[i]);
            if (next == null && add) { next = new LinkedHashMap<String, Object>(); node.put(path[i], next); }
            if (!(next instanceof Map))
                throw new IllegalArgumentException("override '" + ConfigValues.show(override).replaceAll("^'|'$", "") + "': " + String.join(".", List.of(path).subList(0, i + 1))
                        + (next == null ? " does not exist" : " is not a mapping"));
            node = (Map<String, Object>) next;
        }
        String leaf = path[path.length - 1];
        if (!add && !node.containsKey(leaf))
            throw new IllegalArgumentException("override '" + ConfigValues.show(override).replaceAll("^'|'$", "") + "': unknown key " + key
                    + " (not in config/arch/" + group((Map<String, Object>) tree.get("arch")) + ".yaml; to add a key write +" + key + "=...)");
        node.put(leaf, value);
    }
}
