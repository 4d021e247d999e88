package trm4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Headless Chromium driven over the DevTools protocol (a WebSocket from the JDK's HttpClient: no driver binary, no
 * extra dependency). Absent browser: the test is skipped with a printed reason, except under CI (CI set), where
 * it fails, since .ci/run installs chromium.
 */
final class Chromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final Path profile;
    private final WebSocket ws;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    /** The browser binary: $CHROMIUM, else chromium / chromium-browser / google-chrome on the PATH. */
    static Path find() {
        String env = System.getenv("CHROMIUM");
        if (env != null && Files.isExecutable(Path.of(env))) return Path.of(env);
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : new String[]{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"})
            for (String dir : path.split(java.io.File.pathSeparator))
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) return Path.of(dir, name);
        return null;
    }

    /** Starts the browser, or skips the test (outside CI) when there is none. */
    static Chromium launch() throws Exception {
        Path bin = find();
        if (bin == null) {
            String why = "no chromium on the PATH (apt-get install chromium; or set CHROMIUM=/path/to/browser)";
            if (System.getenv("CI") != null) throw new IllegalStateException("CI is set but " + why + ": .ci/run should have installed it");
            System.err.println("[trm4j] browser test skipped: " + why);
            Assumptions.abort(why);
        }
        return new Chromium(bin);
    }

    private Chromium(Path bin) throws Exception {
        profile = Files.createTempDirectory("trm-chromium-");
        process = new ProcessBuilder(bin.toString(), "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--remote-allow-origins=*",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "--window-size=1280,900", "--force-device-scale-factor=1", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            ws = connect();
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
        send("Page.enable", null);
        send("Runtime.enable", null);
    }

    private WebSocket connect() throws Exception {
        int port = devToolsPort();
        HttpClient http = HttpClient.newHttpClient();
        JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        String url = null;
        for (JsonNode t : targets) if (t.path("type").asText().equals("page")) { url = t.get("webSocketDebuggerUrl").asText(); break; }
        if (url == null) throw new IllegalStateException("chromium shows no page target: " + targets);
        return http.newWebSocketBuilder().buildAsync(URI.create(url), new Listener()).get(30, TimeUnit.SECONDS);
    }

    /** The port from the "DevTools listening on ws://127.0.0.1:PORT/..." line chromium prints on stderr. */
    private int devToolsPort() throws Exception {
        Pattern p = Pattern.compile("DevTools listening on ws://[^:]+:(\\d+)/");
        CompletableFuture<Integer> port = new CompletableFuture<>();
        StringBuilder seen = new StringBuilder();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    Matcher m = p.matcher(line);
                    if (m.find()) port.complete(Integer.parseInt(m.group(1)));
                    else if (!port.isDone() && seen.length() < 4000) seen.append(line).append('\n');
                }
            } catch (IOException ignored) {
                // the browser closed its stderr
            }
            port.completeExceptionally(new IllegalStateException("chromium exited without a DevTools port:\n" + seen));
        });
        return port.get(60, TimeUnit.SECONDS);
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder buf = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            buf.append(data);
            if (last) {
                try {
                    JsonNode msg = JSON.readTree(buf.toString());
                    if (msg.has("id")) {
                        CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
                        if (f != null) {
                            if (msg.has("error")) f.completeExceptionally(new IllegalStateException("DevTools: " + msg.get("error")));
                            else f.complete(msg.get("result"));
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                } finally {
                    buf.setLength(0);
                }
            }
            w.request(1);
            return null;
        }
    }

    /** One DevTools command; its result. */
    JsonNode send(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        if (params != null) msg.set("params", params);
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        ws.sendText(msg.toString(), true).get(30, TimeUnit.SECONDS);
        return f.get(60, TimeUnit.SECONDS);
    }

    static ObjectNode params() { return JSON.createObjectNode(); }

    /** The value of a JavaScript expression (awaited when it is a promise), as JSON. */
    JsonNode eval(String expression) throws Exception {
        JsonNode r = send("Runtime.evaluate", params().put("expression", expression).put("returnByValue", true).put("awaitPromise", true));
        if (r.has("exceptionDetails")) throw new IllegalStateException("page script failed: " + r.get("exceptionDetails"));
        return r.path("result").path("value");
    }

    void navigate(String url) throws Exception {
        send("Page.navigate", params().put("url", url));
        waitFor(() -> truthy("document.readyState === 'complete' && location.href === " + JSON.valueToTree(url)), "load of " + url);
    }

    boolean truthy(String expression) {
        try {
            return eval(expression).asBoolean(false);
        } catch (Exception e) {
            return false;
        }
    }

    void waitFor(BooleanSupplier cond, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(50);
        }
    }

    /** A real mouse click in the middle of the element {@code selector} finds. */
    void click(String selector) throws Exception {
        JsonNode r = eval("(() => { const e = document.querySelector(" + JSON.valueToTree(selector) + "); e.scrollIntoView({block: 'center'});"
                + " const b = e.getBoundingClientRect(); return [b.left + b.width / 2, b.top + b.height / 2]; })()");
        double x = r.get(0).asDouble(), y = r.get(1).asDouble();
        for (String type : new String[]{"mouseMoved", "mousePressed", "mouseReleased"})
            send("Input.dispatchMouseEvent", params().put("type", type).put("x", x).put("y", y).put("button", "left").put("clickCount", 1));
    }

    /** Text typed at the focused element, as the keyboard would insert it. */
    void type(String text) throws Exception { send("Input.insertText", params().put("text", text)); }

    void screenshot(Path png) throws Exception {
        JsonNode r = send("Page.captureScreenshot", params().put("format", "png"));
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode(r.get("data").asText()));
    }

    @Override
    public void close() throws Exception {
        try {
            if (ws != null) ws.abort();
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            try (Stream<Path> s = Files.walk(profile)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
