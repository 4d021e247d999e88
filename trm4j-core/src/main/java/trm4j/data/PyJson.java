package trm4j.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * JSON text exactly as Python's {@code json.dump(obj, f)} writes it with default arguments (separators
 * {@code ", "} and {@code ": "}, {@code ensure_ascii=True}, floats as {@code repr}, no trailing newline), so
 * files written by the Java builders are byte-identical to the official ones. Maps keep their iteration
 * order (use a LinkedHashMap for the official key order).
 */
public final class PyJson {
    private PyJson() {}

    /** Serialises null, Boolean, integral numbers, Float/Double, CharSequence, List, Object[], int[], long[], Map. */
    public static String dumps(Object v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v);
        return sb.toString();
    }

    /** Writes {@code dumps(v)} to {@code file} atomically (temp file in the same directory, then rename). */
    public static void dump(Path file, Object v) throws IOException {
        trm4j.io.AtomicFiles.writeBytes(file, dumps(v).getBytes(StandardCharsets.US_ASCII));
    }

    private static void write(StringBuilder sb, Object v) {
        switch (v) {
            case null -> sb.append("null");
            case Boolean b -> sb.append(b ? "true" : "false");
            case Double d -> sb.append(floatRepr(d));
            case Float f -> sb.append(floatRepr(f));
            case Byte b -> sb.append(b.longValue());
            case Short s -> sb.append(s.longValue());
            case Integer i -> sb.append(i.longValue());
            case Long l -> sb.append(l.longValue());
            case BigInteger b -> sb.append(b);
            case CharSequence s -> string(sb, s);
            case int[] a -> {
                sb.append('[');
                for (int i = 0; i < a.length; i++) sb.append(i > 0 ? ", " : "").append(a[i]);
                sb.append(']');
            }
            case long[] a -> {
                sb.append('[');
                for (int i = 0; i < a.length; i++) sb.append(i > 0 ? ", " : "").append(a[i]);
                sb.append(']');
            }
            case Object[] a -> write(sb, List.of(a));
            case List<?> l -> {
                sb.append('[');
                boolean first = true;
                for (Object o : l) {
                    if (!first) sb.append(", ");
                    first = false;
                    write(sb, o);
                }
                sb.append(']');
            }
            case Map<?, ?> m -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) sb.append(", ");
                    first = false;
                    string(sb, String.valueOf(e.getKey()));
                    sb.append(": ");
                    write(sb, e.getValue());
                }
                sb.append('}');
            }
            default -> throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
        }
    }

    /** Python's string escaping with ensure_ascii: everything outside printable ASCII becomes \\uXXXX. */
    public static void string(CharSequence s, Appendable out) throws IOException {
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
                    // UTF-16 units map one to one onto Python's escapes (astral characters become surrogate pairs there too)
                    if (c < 0x20 || c > 0x7e) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }

    private static void string(StringBuilder sb, CharSequence s) {
        try {
            string(s, sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);   // a StringBuilder does not throw
        }
    }

    /**
     * Python's {@code repr(float)}: the shortest digits that round-trip, positional when the decimal exponent
     * is in [-4, 16), otherwise {@code d.ddde±XX}; NaN and infinities as json.dump spells them.
     */
    public static String floatRepr(double x) {
        if (Double.isNaN(x)) return "NaN";
        if (Double.isInfinite(x)) return x > 0 ? "Infinity" : "-Infinity";
        if (x == 0) return (1 / x < 0) ? "-0.0" : "0.0";
        String sign = x < 0 ? "-" : "";
        double a = Math.abs(x);
        BigDecimal shortest = new BigDecimal(Double.toString(a)).stripTrailingZeros();
        // Java never picks a 1-digit result (it takes the closest 2-digit one); Python does when one round-trips
        if (shortest.precision() == 2) {
            BigDecimal one = new BigDecimal(a).round(new MathContext(1, RoundingMode.HALF_EVEN));
            if (one.doubleValue() == a) shortest = one.stripTrailingZeros();
        }
        String digits = shortest.unscaledValue().toString();
        int n = digits.length();
        int decpt = n - shortest.scale();   // value = 0.digits × 10^decpt
        StringBuilder sb = new StringBuilder(sign);
        if (decpt > -4 && decpt <= 16) {
            if (decpt <= 0) {
                sb.append("0.").append("0".repeat(-decpt)).append(digits);
            } else if (decpt >= n) {
                sb.append(digits).append("0".repeat(decpt - n)).append(".0");
            } else {
                sb.append(digits, 0, decpt).append('.').append(digits, decpt, n);
            }
        } else {
            sb.append(digits.charAt(0));
            if (n > 1) sb.append('.').append(digits, 1, n);
            int e = decpt - 1;
            sb.append('e').append(e < 0 ? '-' : '+');
            int ae = Math.abs(e);
            if (ae < 10) sb.append('0');
            sb.append(ae);
        }
        return sb.toString();
    }
}
