package trm4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import trm4j.cli.view.SolutionJson;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading requests (size-limited bodies, query parameters) and writing JSON responses on an {@link HttpExchange}. */
final class Exchanges {
    private Exchanges() {}

    /** The body as UTF-8, at most {@code limit} bytes; a larger one is a 400 (read no further than the limit + 1). */
    static String body(HttpExchange ex, int limit) throws IOException {
        String len = ex.getRequestHeaders().getFirst("Content-Length");
        if (len != null) {
            try {
                if (Long.parseLong(len.strip()) > limit) throw tooLarge(limit);
            } catch (NumberFormatException e) {
                throw HttpError.badRequest("Content-Length '" + len + "' is not a number");
            }
        }
        try (InputStream in = ex.getRequestBody()) {
            byte[] b = in.readNBytes(limit + 1);
            if (b.length > limit) throw tooLarge(limit);
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    private static HttpError tooLarge(int limit) {
        return HttpError.badRequest("request body over the size limit of " + limit + " bytes (serve --max-body)");
    }

    /** The body as a JSON object. */
    static ObjectNode jsonBody(HttpExchange ex, int limit) throws IOException {
        String s = body(ex, limit);
        JsonNode n;
        try {
            n = SolutionJson.JSON.readTree(s);
        } catch (IOException e) {
            throw HttpError.badRequest("request body is not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (!(n instanceof ObjectNode o)) throw HttpError.badRequest("request body must be a JSON object");
        return o;
    }

    static Map<String, String> query(HttpExchange ex) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = ex.getRequestURI().getRawQuery();
        if (q == null) return out;
        for (String kv : q.split("&")) {
            if (kv.isEmpty()) continue;
            int eq = kv.indexOf('=');
            String k = eq < 0 ? kv : kv.substring(0, eq), v = eq < 0 ? "" : kv.substring(eq + 1);
            try {
                out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw HttpError.badRequest("malformed query string: " + e.getMessage());
            }
        }
        return out;
    }

    static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
        send(ex, status, "application/json; charset=utf-8", (body.toString() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static void error(HttpExchange ex, int status, String message) throws IOException {
        ObjectNode o = SolutionJson.JSON.createObjectNode();
        o.put("error", message.lines().findFirst().orElse("error"));
        json(ex, status, o);
    }

    static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        if ("HEAD".equals(ex.getRequestMethod())) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) { out.write(body); }
    }
}
