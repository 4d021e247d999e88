package trm4j.data.arc;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON text exactly as Python's {@code json.dump} writes it with default settings (separators ", " and
 * ": ", ASCII only with \\uXXXX escapes), so files written here match the official ones byte for byte.
 */
public final class PyJson {
    private PyJson() {}

    public static void write(JsonNode n, Appendable out) throws IOException {
        if (n.isObject()) {
            out.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!first) out.append(", ");
                first = false;
                string(e.getKey(), out);
                out.append(": ");
                write(e.getValue(), out);
            }
            out.append('}');
        } else if (n.isArray()) {
            out.append('[');
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) out.append(", ");
                write(n.get(i), out);
            }
            out.append(']');
        } else if (n.isTextual()) {
            string(n.textValue(), out);
        } else if (n.isIntegralNumber()) {
            out.append(n.bigIntegerValue().toString());
        } else if (n.isNumber()) {
            out.append(floatRepr(n.doubleValue()));
        } else if (n.isBoolean()) {
            out.append(n.booleanValue() ? "true" : "false");
        } else if (n.isNull()) {
            out.append("null");
        } else {
            throw new IllegalArgumentException("cannot write JSON node of type " + n.getNodeType());
        }
    }

    /** A grid as nested lists. */
    public static void grid(ArcGrid g, Appendable out) throws IOException {
        out.append('[');
        for (int r = 0; r < g.rows(); r++) {
            if (r > 0) out.append(", ");
            out.append('[');
            for (int c = 0; c < g.cols(); c++) {
                if (c > 0) out.append(", ");
                out.append((char) ('0' + g.get(r, c)));
            }
            out.append(']');
        }
        out.append(']');
    }

    public static void string(String s, Appendable out) throws IOException {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }

    /** Python's {@code repr(float)}: shortest round-trip digits, exponent form outside [1e-4, 1e16). */
    public static String floatRepr(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "Infinity" : "-Infinity";
        if (v == 0) return (1 / v < 0) ? "-0.0" : "0.0";
        java.math.BigDecimal bd = new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros();
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale(); // decimal exponent of the first digit
        String sign = v < 0 ? "-" : "";
        if (exp < -4 || exp >= 16) {
            String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mant + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
        }
        if (exp >= digits.length() - 1) return sign + digits + "0".repeat(exp - digits.length() + 1) + ".0";
        if (exp >= 0) return sign + digits.substring(0, exp + 1) + "." + digits.substring(exp + 1);
        return sign + "0." + "0".repeat(-exp - 1) + digits;
    }
}
