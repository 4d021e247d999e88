package trm4j.data.arc;

import com.fasterxml.jackson.databind.JsonNode;
import trm4j.data.PyJson;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Streaming counterpart of {@link trm4j.data.PyJson} for Jackson trees and grids: JSON text exactly as
 * Python's {@code json.dump} writes it (separators ", " and ": ", ASCII only), for test_puzzles.json,
 * identifiers.json and submission.json, which are too large or too nested to build as Java maps first.
 */
public final class ArcJson {
    private ArcJson() {}

    public static void write(JsonNode n, Appendable out) throws IOException {
        if (n.isObject()) {
            out.append('{');
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!first) out.append(", ");
                first = false;
                PyJson.string(e.getKey(), out);
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
            PyJson.string(n.textValue(), out);
        } else if (n.isIntegralNumber()) {
            out.append(n.bigIntegerValue().toString());
        } else if (n.isNumber()) {
            out.append(PyJson.floatRepr(n.doubleValue()));
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

}
