package trm4j.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Values of the configuration tree: Hydra's override value grammar (subset used by the official commands),
 * the expected type of each top-level key with the coercions pydantic accepts, interpolation
 * ({@code ${.hidden_size}}), and immutable deep copies.
 */
final class ConfigValues {
    private ConfigValues() {}

    enum Kind { MAP, INT, NULLABLE_INT, LONG, DOUBLE, BOOL, STRING, STRING_LIST, EVALUATORS }

    /** Every top-level key, in the order of {@link TrainConfig}, with its type. */
    static final Map<String, Kind> KEYS;
    static {
        Map<String, Kind> k = new LinkedHashMap<>();
        k.put("arch", Kind.MAP);
        k.put("data_paths", Kind.STRING_LIST);
        k.put("data_paths_test", Kind.STRING_LIST);
        k.put("evaluators", Kind.EVALUATORS);
        k.put("global_batch_size", Kind.INT);
        k.put("epochs", Kind.INT);
        k.put("lr", Kind.DOUBLE);
        k.put("lr_min_ratio", Kind.DOUBLE);
        k.put("lr_warmup_steps", Kind.INT);
        k.put("weight_decay", Kind.DOUBLE);
        k.put("beta1", Kind.DOUBLE);
        k.put("beta2", Kind.DOUBLE);
        k.put("puzzle_emb_lr", Kind.DOUBLE);
        k.put("puzzle_emb_weight_decay", Kind.DOUBLE);
        k.put("project_name", Kind.STRING);
        k.put("run_name", Kind.STRING);
        k.put("load_checkpoint", Kind.STRING);
        k.put("checkpoint_path", Kind.STRING);
        k.put("seed", Kind.LONG);
        k.put("checkpoint_every_eval", Kind.BOOL);
        k.put("eval_interval", Kind.NULLABLE_INT);
        k.put("min_eval_interval", Kind.NULLABLE_INT);
        k.put("eval_save_outputs", Kind.STRING_LIST);
        k.put("ema", Kind.BOOL);
        k.put("ema_rate", Kind.DOUBLE);
        k.put("freeze_weights", Kind.BOOL);
        k.put("augment", Kind.STRING);
        k.put("curriculum_reveal", Kind.DOUBLE);
        k.put("curriculum_steps", Kind.LONG);
        KEYS = Collections.unmodifiableMap(k);
    }

    // ---------------------------------------------------------------- coercion to the key's type

    /** The value converted to the type of top-level {@code key}; IllegalArgumentException "key expects …, got …". */
    static Object coerce(String key, Object v) {
        Kind kind = KEYS.get(key);
        if (kind == null) throw new IllegalArgumentException("unknown key " + key + " (known: " + String.join(", ", KEYS.keySet()) + ")");
        return switch (kind) {
            case MAP -> {
                if (v instanceof Map<?, ?> m) yield deepCopy(stringKeys(key, m));
                throw bad(key, "a mapping of architecture keys", v);
            }
            case INT -> toInt(key, v);
            case NULLABLE_INT -> v == null ? null : toInt(key, v);
            case LONG -> {
                if (v instanceof Integer || v instanceof Long) yield ((Number) v).longValue();
                if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 0x1p63) yield d.longValue();
                throw bad(key, "an integer", v);
            }
            case DOUBLE -> {
                if (v instanceof Number n && !(v instanceof Boolean)) yield n.doubleValue();
                throw bad(key, "a number", v);
            }
            case BOOL -> {
                if (v instanceof Boolean b) yield b;
                if (v instanceof Integer i && (i == 0 || i == 1)) yield i == 1;
                if (v instanceof String s) {
                    switch (s.toLowerCase()) {
                        case "true", "yes", "on" -> { yield true; }
                        case "false", "no", "off" -> { yield false; }
                        default -> { }
                    }
                }
                throw bad(key, "True or False", v);
            }
            case STRING -> {
                if (v == null || v instanceof String) yield v;
                if (v instanceof Number || v instanceof Boolean) yield String.valueOf(v);
                throw bad(key, "a string", v);
            }
            case STRING_LIST -> {
                Object list = v instanceof String s && s.strip().startsWith("[") ? parse(s) : v;
                if (list instanceof String s) yield List.of(s);
                if (!(list instanceof List<?> l)) throw bad(key, "a list like [a,b]", v);
                List<String> out = new ArrayList<>();
                for (Object e : l) {
                    if (e instanceof Map || e instanceof List || e == null) throw bad(key, "a list of strings", v);
                    out.add(String.valueOf(e));
                }
                yield List.copyOf(out);
            }
            case EVALUATORS -> {
                Object list = v instanceof String s && s.strip().startsWith("[") ? parse(s) : v;
                if (!(list instanceof List<?> l)) throw bad(key, "a list like [] or [{name: arc@ARC}]", v);
                List<Map<String, Object>> out = new ArrayList<>();
                for (Object e : l) {
                    Map<String, Object> m;
                    if (e instanceof String name) { m = new LinkedHashMap<>(); m.put("name", name); }
                    else if (e instanceof Map<?, ?> raw) m = stringKeys(key, raw);
                    else throw bad(key, "a list of evaluators ({name: ...})", v);
                    if (!(m.get("name") instanceof String)) throw bad(key, "evaluators with a name ({name: arc@ARC})", v);
                    out.add(deepCopy(m));
                }
                yield List.copyOf(out);
            }
        };
    }

    private static int toInt(String key, Object v) {
        if (v instanceof Integer i) return i;
        if (v instanceof Long l && l == (int) (long) l) return (int) (long) l;
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) return d.intValue();
        throw bad(key, "an integer", v);
    }

    private static IllegalArgumentException bad(String key, String expected, Object got) {
        return new IllegalArgumentException(key + " expects " + expected + ", got " + show(got));
    }

    /** {@code v} for an error message, cut to 60 characters (a hostile value may be huge or deeply nested). */
    static String show(Object v) {
        if (v == null) return "null";
        String s;
        try {
            s = v instanceof String str ? "'" + str + "'" : String.valueOf(v);
        } catch (StackOverflowError e) {
            return "a deeply nested " + v.getClass().getSimpleName();
        }
        return trm4j.io.FileError.oneLine(s.length() > 60 ? s.substring(0, 60) + "…" : s);
    }

    private static Map<String, Object> stringKeys(String key, Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String k)) throw bad(key, "string keys", e.getKey());
            out.put(k, e.getValue());
        }
        return out;
    }

    // ---------------------------------------------------------------- immutable copies

    @SuppressWarnings("unchecked")
    static <T> T deepCopy(T v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) out.put(String.valueOf(e.getKey()), deepCopy(e.getValue()));
            return (T) Collections.unmodifiableMap(out);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object e : l) out.add(deepCopy(e));
            return (T) Collections.unmodifiableList(out);
        }
        return v;
    }

    /** A mutable deep copy (maps keep their order), for editing a tree. */
    @SuppressWarnings("unchecked")
    static <T> T mutableCopy(T v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) out.put(String.valueOf(e.getKey()), mutableCopy(e.getValue()));
            return (T) out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object e : l) out.add(mutableCopy(e));
            return (T) out;
        }
        return v;
    }

    // ---------------------------------------------------------------- interpolation

    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([^}]*)}");

    /**
     * Replaces every whole-value interpolation in {@code tree}: {@code ${.key}} names a sibling key of the same
     * mapping, {@code ${a.b}} a path from the root (OmegaConf's rules for the forms the official configs use).
     */
    static void resolve(Map<String, Object> root) { resolve(root, root, 0); }

    @SuppressWarnings("unchecked")
    private static void resolve(Map<String, Object> root, Map<String, Object> node, int depth) {
        for (Map.Entry<String, Object> e : node.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m) resolve(root, (Map<String, Object>) m, depth + 1);
            else if (v instanceof String s) e.setValue(lookup(root, node, s, e.getKey(), 0));
        }
    }

    private static Object lookup(Map<String, Object> root, Map<String, Object> node, String s, String key, int hops) {
        var m = INTERPOLATION.matcher(s);
        if (!m.matches()) return s;
        if (hops > 16) throw new IllegalArgumentException("interpolation " + s + " at " + key + " is circular");
        String ref = m.group(1).strip();
        Map<String, Object> base = ref.startsWith(".") ? node : root;
        String path = ref.startsWith(".") ? ref.substring(1) : ref;
        Object cur = base;
        Map<String, Object> parent = base;
        for (String part : path.split("\\.")) {
            if (!(cur instanceof Map<?, ?> mm) || !mm.containsKey(part))
                throw new IllegalArgumentException("interpolation " + s + " at " + key + " names a missing key " + ref);
            @SuppressWarnings("unchecked") Map<String, Object> typed = (Map<String, Object>) mm;
            parent = typed;
            cur = typed.get(part);
        }
        return cur instanceof String next ? lookup(root, parent, next, key, hops + 1) : cur;
    }

    // ---------------------------------------------------------------- Hydra value grammar

    private static final Pattern INT = Pattern.compile("[+-]?(0|[1-9](_?[0-9])*)");
    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?((([0-9](_?[0-9])*)?\\.[0-9](_?[0-9])*|[0-9](_?[0-9])*\\.)([eE][+-]?[0-9]+)?|[0-9](_?[0-9])*[eE][+-]?[0-9]+|[iI][nN][fF]|[nN][aA][nN])");

    /**
     * One override value: {@code null}, booleans (any case), integers, floats ({@code 1e-4}, {@code .5},
     * {@code inf}), quoted strings, lists {@code [a, b]}, mappings {@code {name: arc@ARC}}, otherwise the text
     * as an unquoted string. Top-level commas are Hydra sweeps, which are refused.
     */
    static Object parse(String text) {
        Parser p = new Parser(text);
        Object v = p.value(true);
        p.skipSpace();
        if (p.pos < text.length())
            throw new IllegalArgumentException("unexpected '" + text.charAt(p.pos) + "' at character " + (p.pos + 1) + " of " + text);
        return v;
    }

    static Object scalar(String t) {
        if (t.equalsIgnoreCase("null")) return null;
        if (t.equalsIgnoreCase("true")) return Boolean.TRUE;
        if (t.equalsIgnoreCase("false")) return Boolean.FALSE;
        if (INT.matcher(t).matches()) {
            long l;
            try {
                l = Long.parseLong(t.replace("_", "").replace("+", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("integer " + (t.length() > 40 ? t.substring(0, 40) + "…" : t) + " is out of the 64-bit range");
            }
            return l == (int) l ? (Object) (int) l : (Object) l;
        }
        if (FLOAT.matcher(t).matches()) {
            String f = t.replace("_", "").toLowerCase();
            if (f.endsWith("inf")) return f.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            if (f.endsWith("nan")) return Double.NaN;
            return Double.parseDouble(f);
        }
        return t;
    }

    /** Lists and mappings nested deeper than this in one override value are refused (the parser recurses). */
    static final int MAX_DEPTH = 64;

    private static final class Parser {
        final String s;
        int pos;
        int depth;

        void enter() {
            if (++depth > MAX_DEPTH)
                throw new IllegalArgumentException("value nested deeper than " + MAX_DEPTH + " levels at character " + (pos + 1)
                        + " of " + (s.length() > 60 ? s.substring(0, 60) + "…" : s));
        }

        Parser(String s) { this.s = s; }

        void skipSpace() { while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) pos++; }

        Object value(boolean top) {
            skipSpace();
            if (pos >= s.length()) return "";
            char c = s.charAt(pos);
            if (c == '[') return list();
            if (c == '{') return map();
            if (c == '\'' || c == '"') {
                int save = pos;
                String q = quoted();
                skipSpace();
                if (pos >= s.length() || !top && ",]}".indexOf(s.charAt(pos)) >= 0) return q;
                pos = save; // a quote inside an unquoted string, e.g. it's
            }
            int start = pos, depth = 0;
            while (pos < s.length()) {
                char d = s.charAt(pos);
                if (d == '\\' && pos + 1 < s.length()) { pos += 2; continue; }
                if (d == '$' && pos + 1 < s.length() && s.charAt(pos + 1) == '{') depth++;
                else if (d == '}' && depth > 0) depth--;
                else if (depth == 0 && (d == ',' || !top && (d == ']' || d == '}'))) break;
                pos++;
            }
            if (top && pos < s.length())
                throw new IllegalArgumentException("comma-separated values (" + s + ") are Hydra sweeps, which trm does not run; write a list as [a,b]");
            return scalar(s.substring(start, pos).strip());
        }

        String quoted() {
            char q = s.charAt(pos++);
            StringBuilder b = new StringBuilder();
            while (pos < s.length() && s.charAt(pos) != q) {
                char c = s.charAt(pos++);
                if (c == '\\' && pos < s.length()) c = s.charAt(pos++);
                b.append(c);
            }
            if (pos >= s.length()) throw new IllegalArgumentException("unterminated quote in " + s);
            pos++;
            return b.toString();
        }

        List<Object> list() {
            enter();
            pos++; // [
            List<Object> out = new ArrayList<>();
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == ']') { pos++; depth--; return out; }
            while (true) {
                out.add(value(false));
                skipSpace();
                if (pos >= s.length()) throw new IllegalArgumentException("missing ']' in " + s);
                char c = s.charAt(pos++);
                if (c == ']') { depth--; return out; }
                if (c != ',') throw new IllegalArgumentException("expected ',' or ']' at character " + pos + " of " + s);
            }
        }

        Map<String, Object> map() {
            enter();
            pos++; // {
            Map<String, Object> out = new LinkedHashMap<>();
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == '}') { pos++; depth--; return out; }
            while (true) {
                skipSpace();
                int start = pos;
                while (pos < s.length() && s.charAt(pos) != ':') pos++;
                if (pos >= s.length()) throw new IllegalArgumentException("expected 'key: value' in " + s);
                String key = s.substring(start, pos).strip();
                if (key.length() >= 2 && (key.charAt(0) == '"' || key.charAt(0) == '\'')) key = key.substring(1, key.length() - 1);
                pos++; // :
                out.put(key, value(false));
                skipSpace();
                if (pos >= s.length()) throw new IllegalArgumentException("missing '}' in " + s);
                char c = s.charAt(pos++);
                if (c == '}') { depth--; return out; }
                if (c != ',') throw new IllegalArgumentException("expected ',' or '}' at character " + pos + " of " + s);
            }
        }
    }
}
