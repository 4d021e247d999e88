package trm4j.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import trm4j.cli.view.SolutionJson;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The {@code trm serve} HTTP server, on the JDK's own {@code com.sun.net.httpserver} (no dependency, no
 * hand-written HTTP parsing). Pages and scripts come from the jar ({@code /web/}); the JSON API:
 * <ul>
 *   <li>{@code GET /api/models}: the loaded models;</li>
 *   <li>{@code POST /api/solve} {@code {"model", "puzzle"}} or {@code {"model", "task"}} (ARC): every step's answer, q_halt and the verdict;</li>
 *   <li>{@code GET /api/runs}: the runs under the runs folder; {@code GET /api/runs/metrics?run=ID&from=K}: a run's metrics.jsonl;</li>
 *   <li>{@code POST /api/models/load} {@code {"run", "checkpoint"}}: loads a run's checkpoint for solving.</li>
 * </ul>
 * Solves run on {@code threads} workers behind a queue of {@code queue}; a solve that finds the queue full gets
 * 503. Bodies are capped at {@code maxBody} bytes, and at most {@value #MAX_REQUESTS} requests are handled at once.
 */
public final class TrmServer implements AutoCloseable {
    /** Requests handled at once; more get 503 (each holds at most one body). */
    static final int MAX_REQUESTS = 256;

    /**
     * @param host        address to bind (127.0.0.1 unless asked otherwise)
     * @param port        0 for any free port
     * @param checkpoints models to load at start
     * @param runsDir     training runs to list (may not exist yet)
     * @param threads     solve workers
     * @param queue       solves that may wait for a worker
     * @param maxBody     request body limit in bytes
     * @param maxLoaded   run checkpoints kept loaded at once
     */
    public record Config(String host, int port, List<Path> checkpoints, Path runsDir, int threads, int queue, int maxBody, int maxLoaded) {
        public Config {
            if (threads < 1) throw new IllegalArgumentException("solve threads must be >= 1, got " + threads);
            if (queue < 0) throw new IllegalArgumentException("solve queue must be >= 0, got " + queue);
            if (maxBody < 1) throw new IllegalArgumentException("body limit must be >= 1 byte, got " + maxBody);
            if (maxLoaded < 1) throw new IllegalArgumentException("loaded run checkpoints must be >= 1, got " + maxLoaded);
            checkpoints = List.copyOf(checkpoints);
        }
    }

    private static final Map<String, String> PAGES = Map.of(
            "/", "index.html", "/index.html", "index.html", "/runs", "runs.html", "/runs.html", "runs.html",
            "/app.js", "app.js", "/runs.js", "runs.js", "/common.js", "common.js", "/style.css", "style.css");

    private final Config config;
    private final Models models;
    private final Runs runs;
    private final HttpServer http;
    private final ThreadPoolExecutor solves;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore requests = new Semaphore(MAX_REQUESTS);

    private TrmServer(Config config, Models models) throws IOException {
        this.config = config;
        this.models = models;
        this.runs = new Runs(config.runsDir());
        this.solves = new ThreadPoolExecutor(config.threads(), config.threads(), 0, TimeUnit.SECONDS,
                config.queue() == 0 ? new java.util.concurrent.SynchronousQueue<>() : new ArrayBlockingQueue<>(config.queue()),
                Thread.ofPlatform().name("trm-solve-", 1).daemon().factory());
        this.http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
        http.createContext("/", this::handle);
        http.setExecutor(handlers);
    }

    /** Loads the checkpoints and starts serving. */
    public static TrmServer start(Config config) throws IOException {
        Models models = new Models(config.maxLoaded());
        for (Path p : config.checkpoints()) models.addPinned(p);
        TrmServer s = new TrmServer(config, models);
        s.http.start();
        return s;
    }

    public int port() { return http.getAddress().getPort(); }

    public String url() {
        String h = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return "http://" + h + ":" + port() + "/";
    }

    /** One line per model for the start-up message. */
    public void describe(PrintStream out) {
        for (ServedModel m : models.all())
            out.println("  model " + m.id() + ": " + m.kind().name().toLowerCase() + ", seq_len " + m.trm().seqLen() + " (" + m.trm().checkpoint().source() + ")");
        out.println("  runs: " + runs.root());
    }

    @Override
    public void close() {
        http.stop(0);
        solves.shutdownNow();
        handlers.shutdownNow();
    }

    // ------------------------------------------------------------------------------------------- routing

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!requests.tryAcquire()) {
                Exchanges.error(ex, 503, "server busy: " + MAX_REQUESTS + " requests in progress; try again");
                return;
            }
            try {
                route(ex);
            } catch (HttpError e) {
                if (e.status == 503) ex.getResponseHeaders().set("Retry-After", "1");
                Exchanges.error(ex, e.status, e.getMessage());
            } catch (RuntimeException e) {
                Exchanges.error(ex, 500, "internal error: " + e);
            } finally {
                requests.release();
            }
        } catch (IOException e) {
            // the client went away; nothing to answer
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath(), method = ex.getRequestMethod();
        boolean get = method.equals("GET") || method.equals("HEAD"), post = method.equals("POST");
        switch (path) {
            case "/api/models" -> { need(get, ex); Exchanges.json(ex, 200, models.describe()); }
            case "/api/solve" -> { need(post, ex); Exchanges.json(ex, 200, solve(Exchanges.jsonBody(ex, config.maxBody()))); }
            case "/api/models/load" -> { need(post, ex); Exchanges.json(ex, 200, load(Exchanges.jsonBody(ex, config.maxBody()))); }
            case "/api/runs" -> { need(get, ex); Exchanges.json(ex, 200, listRuns()); }
            case "/api/runs/metrics" -> { need(get, ex); Exchanges.json(ex, 200, metrics(Exchanges.query(ex))); }
            default -> {
                String page = PAGES.get(path);
                if (page == null) throw HttpError.notFound("no such page or API: " + path);
                need(get, ex);
                page(ex, page);
            }
        }
    }

    private static void need(boolean ok, HttpExchange ex) {
        if (!ok) throw new HttpError(405, ex.getRequestMethod() + " is not allowed on " + ex.getRequestURI().getPath());
    }

    private static void page(HttpExchange ex, String name) throws IOException {
        byte[] body;
        try (InputStream in = TrmServer.class.getResourceAsStream("/web/" + name)) {
            if (in == null) throw HttpError.notFound("page " + name + " is missing from the jar");
            body = in.readAllBytes();
        }
        String type = name.endsWith(".html") ? "text/html" : name.endsWith(".js") ? "text/javascript" : "text/css";
        Exchanges.send(ex, 200, type + "; charset=utf-8", body);
    }

    // ------------------------------------------------------------------------------------------- API

    private ObjectNode solve(ObjectNode req) {
        String id = req.path("model").asText(null);
        if (id == null) throw HttpError.badRequest("give \"model\": a model id from GET /api/models");
        ServedModel m = models.get(id);
        Future<ObjectNode> f;
        try {
            f = solves.submit(() -> Solver.solve(m, req));
        } catch (RejectedExecutionException e) {
            throw new HttpError(503, "server busy: " + config.threads() + " solves running and " + config.queue() + " waiting; try again");
        }
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new HttpError(503, "interrupted while waiting for the solve");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HttpError h) throw h;
            if (e.getCause() instanceof IllegalArgumentException iae) throw HttpError.badRequest(iae.getMessage());
            throw new HttpError(500, "solve failed: " + e.getCause());
        }
    }

    private ObjectNode load(ObjectNode req) throws IOException {
        Runs.Run run = runs.find(req.path("run").asText(null));
        String name = req.path("checkpoint").asText(null);
        if (name == null) throw HttpError.badRequest("give \"checkpoint\": a checkpoint name (step_N) of run " + run.id());
        Path ck = runs.checkpoint(run, name);
        try {
            return models.loadRunCheckpoint("run:" + run.id() + "/" + name, run.id() + "/" + name, ck).describe();
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }

    private ObjectNode listRuns() throws IOException {
        ObjectNode o = SolutionJson.JSON.createObjectNode();
        o.put("runs_dir", runs.root().toString());
        ArrayNode a = o.putArray("runs");
        for (Runs.Run r : runs.list()) a.add(runs.describe(r));
        return o;
    }

    private ObjectNode metrics(Map<String, String> q) throws IOException {
        Runs.Run run = runs.find(q.get("run"));
        int from = 0;
        if (q.containsKey("from")) {
            try {
                from = Integer.parseInt(q.get("from"));
            } catch (NumberFormatException e) {
                throw HttpError.badRequest("from=" + q.get("from") + " is not a record index");
            }
        }
        try {
            return runs.metrics(run, from);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
    }
}
