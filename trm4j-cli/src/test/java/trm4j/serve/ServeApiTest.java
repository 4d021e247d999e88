package trm4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trm4j.api.Solution;
import trm4j.api.TinyCheckpoints;
import trm4j.api.Trm;
import trm4j.cli.view.Ansi;
import trm4j.cli.view.SudokuView;
import trm4j.data.sudoku.SudokuShape;
import trm4j.data.sudoku.SudokuSolver;
import trm4j.checkpoint.CheckpointDir;
import trm4j.train.MetricsLog;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;
import static trm4j.serve.ServeFixture.*;

/** The {@code trm serve} JSON API against a tiny trained 4×4 Sudoku model: solving, runs, every error case, concurrency. */
class ServeApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static TrmServer server;

    @TempDir static Path tmp;

    @BeforeAll
    static void start() throws Exception { server = server(2, 64, 4096); }

    @AfterAll
    static void stop() { if (server != null) server.close(); }

    record Reply(int status, JsonNode body) {}

    static Reply get(TrmServer s, String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(s.url() + path.substring(1))).GET().build());
    }

    static Reply post(TrmServer s, String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(s.url() + path.substring(1))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static Reply send(HttpRequest r) throws Exception {
        HttpResponse<String> resp = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        assertTrue(resp.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), resp.body());
        assertEquals(1, resp.body().strip().lines().count(), "one-line JSON: " + resp.body());
        return new Reply(resp.statusCode(), JSON.readTree(resp.body()));
    }

    static String solveBody(String model, String puzzle) {
        return JSON.createObjectNode().put("model", model).put("puzzle", puzzle).toString();
    }

    @Test
    void listsTheLoadedModel() throws Exception {
        Reply r = get(server, "/api/models");
        assertEquals(200, r.status());
        assertEquals(1, r.body().size(), r.body().toString());
        JsonNode m = r.body().get(0);
        assertEquals("sudoku4", m.get("id").asText());
        assertEquals("sudoku", m.get("task").asText());
        assertEquals(4, m.get("size").asInt());
        assertEquals(16, m.get("seq_len").asInt());
        assertEquals(HALT_MAX_STEPS, m.get("halt_max_steps").asInt());
    }

    @Test
    void solveReturnsEveryStepAsTheLibrarySolvesIt() throws Exception {
        Reply r = post(server, "/api/solve", solveBody("sudoku4", puzzle()));
        assertEquals(200, r.status(), r.body().toString());
        JsonNode o = r.body();
        SudokuView view = new SudokuView(SudokuShape.S4, new Ansi(false));
        int[] input = view.parse(puzzle(), "p");
        Solution s = Trm.load(runDir()).solve(input);
        assertEquals("sudoku", o.get("task").asText());
        assertEquals(puzzle(), o.get("input").asText());
        assertEquals(HALT_MAX_STEPS, o.get("steps").size());
        byte[] exact = new SudokuSolver(SudokuShape.S4).solve(SudokuShape.S4.parse(puzzle()), 2).solution();
        assertEquals(solution(), SudokuShape.format(exact), "the generated puzzle's answer is the exact solver's");
        assertEquals(solution(), o.get("solution").asText());
        Integer halt = null;
        int[] prev = input;
        for (int i = 0; i < HALT_MAX_STEPS; i++) {
            JsonNode st = o.get("steps").get(i);
            Solution.Step want = s.steps().get(i);
            assertEquals(i + 1, st.get("step").asInt());
            assertEquals(view.format(want.prediction()), st.get("answer").asText());
            assertEquals(want.qHaltLogit(), (float) st.get("q_halt_logit").asDouble(), 0f);
            assertEquals(want.haltProbability(), st.get("halt_probability").asDouble(), 1e-12);
            List<Integer> changed = new ArrayList<>(), wrong = new ArrayList<>();
            String answer = view.format(want.prediction());
            for (int c = 0; c < 16; c++) {
                if (prev[c] != want.prediction()[c]) changed.add(c);
                if (answer.charAt(c) != solution().charAt(c)) wrong.add(c);
            }
            assertEquals(changed, ints(st.get("changed_cells")));
            assertEquals(changed.size(), st.get("changed").asInt());
            assertEquals(wrong, ints(st.get("wrong_cells")));
            assertEquals(wrong.isEmpty(), st.get("correct").asBoolean(), "a unique-solution puzzle is right exactly when no cell is wrong");
            if (halt == null && want.qHaltLogit() > 0) halt = i + 1;
            prev = want.prediction();
        }
        assertEquals(view.format(s.answer()), o.get("answer").asText());
        Reply ambiguous = post(server, "/api/solve", solveBody("sudoku4", AMBIGUOUS));
        assertEquals(200, ambiguous.status());
        assertTrue(ambiguous.body().get("solution").isNull());
        assertEquals("the puzzle has more than one solution", ambiguous.body().get("solution_note").asText());
        assertFalse(ambiguous.body().get("steps").get(0).has("wrong_cells"));
        assertEquals(view.judge(input, s.answer()).text(), o.get("verdict").asText());
        assertEquals(halt == null ? "null" : String.valueOf(halt), o.get("halt_step").toString());
    }

    static List<Integer> ints(JsonNode a) {
        List<Integer> out = new ArrayList<>();
        a.forEach(n -> out.add(n.asInt()));
        return out;
    }

    @Test
    void badInputGets400WithOneLineErrorAndTheServerKeepsServing() throws Exception {
        String[][] cases = {
                {solveBody("sudoku4", "1..4....2..3..."), "15 cells; a 4x4 Sudoku needs 16"},
                {solveBody("sudoku4", "1..4....2..3...5"), "'5' is not a digit 1-4"},
                {solveBody("sudoku4", "1..4....2..3...x"), "'x' is not a digit 1-4"},
                {solveBody("nope", puzzle()), "unknown model 'nope'"},
                {"{\"puzzle\": \"" + puzzle() + "\"}", "give \"model\""},
                {"{\"model\": \"sudoku4\"}", "give \"puzzle\""},
                {"{\"model\": \"sudoku4\", \"puzzle\": ", "not valid JSON"},
                {"[1, 2]", "must be a JSON object"},
                {"{\"model\": \"sudoku4\", \"puzzle\": \"" + ".".repeat(5000) + "\"}", "over the size limit of 4096 bytes"},
        };
        for (String[] c : cases) {
            Reply r = post(server, "/api/solve", c[0]);
            assertEquals(400, r.status(), c[1] + ": " + r.body());
            assertTrue(r.body().get("error").asText().contains(c[1]), c[1] + " not in: " + r.body());
            assertEquals(200, get(server, "/api/models").status(), "still serving after: " + c[1]);
        }
        assertEquals(405, get(server, "/api/solve").status());
        assertEquals(404, get(server, "/api/nothing").status());
        assertEquals(200, post(server, "/api/solve", solveBody("sudoku4", puzzle())).status());
    }

    @Test
    void mazeNeedsExactlyOneStartAndGoal() throws Exception {
        var arch = TinyCheckpoints.arch(25, 6, 1, 0, 2);
        TinyCheckpoints.save(tmp.resolve("maze5"), arch, arch, List.of(), 3, null);
        try (TrmServer s = TrmServer.start(new TrmServer.Config("127.0.0.1", 0, List.of(tmp.resolve("maze5")), tmp.resolve("none"), 1, 4, 4096, 1))) {
            assertEquals("maze", get(s, "/api/models").body().get(0).get("task").asText());
            String ok = "#####\n#S  #\n# # #\n#  G#\n#####\n";
            Reply good = post(s, "/api/solve", solveBody("maze5", ok));
            assertEquals(200, good.status(), good.body().toString());
            assertEquals(ok.replace("\n", ""), good.body().get("input").asText());
            assertEquals(2, good.body().get("steps").size());
            for (String[] c : new String[][]{
                    {ok.replace("G", " "), "1 start 'S' and 0 goal 'G' cells; a maze needs exactly one of each"},
                    {ok.replace("#  G#", "#S G#"), "2 start 'S' and 1 goal 'G' cells"},
                    {ok.replace("#S  #", "#S x#"), "'x' is not one of '#' wall"},
                    {"#####\n#S G#\n#####\n", "15 cells; a 5x5 maze needs 25"}}) {
                Reply r = post(s, "/api/solve", solveBody("maze5", c[0]));
                assertEquals(400, r.status(), r.body().toString());
                assertTrue(r.body().get("error").asText().contains(c[1]), r.body().toString());
            }
        }
    }

    @Test
    void arcTasksAreVotedAndBadGridsRefused() throws Exception {
        var arch = TinyCheckpoints.arch(900, 12, 1, 0, 2);
        TinyCheckpoints.save(tmp.resolve("arc"), arch, arch, List.of(), 3, null);
        try (TrmServer s = TrmServer.start(new TrmServer.Config("127.0.0.1", 0, List.of(tmp.resolve("arc")), tmp.resolve("none"), 1, 4, 1 << 16, 1))) {
            String task = "{\"train\": [{\"input\": [[1, 0], [0, 1]], \"output\": [[2, 0], [0, 2]]}], \"test\": [{\"input\": [[1, 1], [0, 0]], \"output\": [[2, 2], [0, 0]]}]}";
            Reply r = post(s, "/api/solve", "{\"model\": \"arc\", \"name\": \"demo\", \"task\": " + task + "}");
            assertEquals(200, r.status(), r.body().toString());
            JsonNode o = r.body();
            assertEquals("arc", o.get("kind").asText());
            assertEquals("demo", o.get("task").asText());
            assertEquals(9, o.get("versions").asInt(), "the task plus 8 augmentations");
            assertEquals("[[1,0],[0,1]]", o.get("demos").get(0).get("input").toString());
            assertEquals("[[2,0],[0,2]]", o.get("demos").get(0).get("output").toString());
            JsonNode t = o.get("tests").get(0);
            assertEquals("[[1,1],[0,0]]", t.get("input").toString());
            assertEquals("[[2,2],[0,0]]", t.get("expected").toString());
            assertTrue(t.get("candidates").size() >= 1 && t.get("candidates").size() <= 2, t.toString());

            String big = "[" + ("[" + "0,".repeat(30) + "0],").repeat(30) + "[0]]";   // 31 rows of 31
            for (String[] c : new String[][]{
                    {task.replace("[[1, 1], [0, 0]]", big), "31 rows, at most 30 allowed"},
                    {task.replace("[[1, 0], [0, 1]]", "[[1, 10], [0, 1]]"), "colour 10"},
                    {task.replace("\"train\"", "\"trian\""), "is not a JSON object with \"train\" and \"test\""},
                    {"[1]", "give \"task\""}}) {
                Reply e = post(s, "/api/solve", "{\"model\": \"arc\", \"task\": " + c[0] + "}");
                assertEquals(400, e.status(), e.body().toString());
                assertTrue(e.body().get("error").asText().contains(c[1]), c[1] + " not in " + e.body());
            }
            assertEquals(200, post(s, "/api/solve", "{\"model\": \"arc\", \"task\": " + task + "}").status());
        }
    }

    @Test
    void runsAndTheirMetricsAndCheckpointsAreServed() throws Exception {
        Reply r = get(server, "/api/runs");
        assertEquals(200, r.status());
        JsonNode runs = r.body().get("runs");
        assertEquals(1, runs.size(), runs.toString());
        JsonNode run = runs.get(0);
        assertEquals("sudoku4", run.get("id").asText());
        List<Path> cks = new CheckpointDir(runDir()).list();
        assertFalse(cks.isEmpty());
        assertEquals(cks.size(), run.get("checkpoints").size());
        assertEquals(cks.getLast().getFileName().toString(), run.get("checkpoints").get(cks.size() - 1).get("name").asText());
        assertEquals(32, run.get("config").get("arch").get("hidden_size").asInt());

        int total = MetricsLog.read(runDir().resolve(CheckpointDir.METRICS)).size();
        Reply m = get(server, "/api/runs/metrics?run=sudoku4");
        assertEquals(total, m.body().get("total").asInt());
        assertEquals(total, m.body().get("records").size());
        assertTrue(m.body().get("records").get(0).has("train/lm_loss"), m.body().get("records").get(0).toString());
        assertEquals(0, get(server, "/api/runs/metrics?run=sudoku4&from=" + total).body().get("records").size());

        String first = cks.getFirst().getFileName().toString();
        Reply loaded = post(server, "/api/models/load", "{\"run\": \"sudoku4\", \"checkpoint\": \"" + first + "\"}");
        assertEquals(200, loaded.status(), loaded.body().toString());
        String id = loaded.body().get("id").asText();
        assertEquals("run:sudoku4/" + first, id);
        Reply solved = post(server, "/api/solve", solveBody(id, puzzle()));
        assertEquals(200, solved.status());
        Solution s = Trm.load(cks.getFirst()).solve(new SudokuView(SudokuShape.S4, new Ansi(false)).parse(puzzle(), "p"));
        assertEquals(new SudokuView(SudokuShape.S4, new Ansi(false)).format(s.answer()), solved.body().get("answer").asText());
    }

    @Test
    void nothingOutsideTheServedFoldersCanBeRead() throws Exception {
        for (String q : new String[]{"..", "../..", "sudoku4/..", "sudoku4/../../data", "/etc", "../../../../../../etc/passwd", "%2e%2e%2fdata"}) {
            Reply r = get(server, "/api/runs/metrics?run=" + java.net.URLEncoder.encode(q, StandardCharsets.UTF_8));
            assertEquals(404, r.status(), q + ": " + r.body());
        }
        for (String body : new String[]{"{\"run\": \"sudoku4\", \"checkpoint\": \"../../../../etc/passwd\"}",
                "{\"run\": \"sudoku4\", \"checkpoint\": \"../sudoku4/step_1\"}", "{\"run\": \"..\", \"checkpoint\": \"runs\"}",
                "{\"run\": \"" + root().resolve("runs/sudoku4") + "\", \"checkpoint\": \"step_1\"}"}) {
            assertEquals(404, post(server, "/api/models/load", body).status(), body);
        }
        assertEquals(400, post(server, "/api/solve", solveBody(runDir().toString(), puzzle())).status(), "a path is not a model id");
        for (String path : new String[]{"/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/web/index.html", "/..%2f..%2fpom.xml", "/ServeApiTest.class"}) {
            String status = rawGet(path);
            assertTrue(status.contains(" 404 "), path + " -> " + status);
        }
        assertTrue(rawGet("/").contains(" 200 "));
    }

    /** The status line of a GET sent as raw bytes (no client-side path normalisation). */
    static String rawGet(String path) throws Exception {
        try (Socket so = new Socket("127.0.0.1", server.port())) {
            OutputStream out = so.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(so.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void thirtyTwoConcurrentSolvesAllGetTheSameAnswer() throws Exception {
        String want = post(server, "/api/solve", solveBody("sudoku4", puzzle())).body().toString();
        try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
            List<Callable<Reply>> calls = new ArrayList<>();
            for (int i = 0; i < 32; i++) calls.add(() -> post(server, "/api/solve", solveBody("sudoku4", puzzle())));
            long t0 = System.nanoTime();
            List<Future<Reply>> fs = pool.invokeAll(calls);
            for (Future<Reply> f : fs) {
                assertEquals(200, f.get().status(), f.get().body().toString());
                assertEquals(want, f.get().body().toString());
            }
            System.out.printf("serve: 32 concurrent 4x4 solves in %.0f ms%n", (System.nanoTime() - t0) / 1e6);
        }
    }

    @Test
    void aFullQueueGets503AndTheServerRecovers() throws Exception {
        try (TrmServer s = server(1, 0, 4096)) {
            // One worker and no queue: of many simultaneous solves, those that find the worker busy are refused.
            int busy = 0;
            for (int attempt = 0; attempt < 20 && busy == 0; attempt++) {
                try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
                    List<Callable<Reply>> calls = new ArrayList<>();
                    for (int i = 0; i < 16; i++) calls.add(() -> post(s, "/api/solve", solveBody("sudoku4", puzzle())));
                    for (Future<Reply> f : pool.invokeAll(calls)) {
                        Reply r = f.get();
                        assertTrue(r.status() == 200 || r.status() == 503, r.body().toString());
                        if (r.status() == 503) {
                            busy++;
                            assertTrue(r.body().get("error").asText().startsWith("server busy"), r.body().toString());
                        }
                    }
                }
            }
            assertTrue(busy > 0, "no 503 from a server with one worker and no queue");
            assertEquals(200, post(s, "/api/solve", solveBody("sudoku4", puzzle())).status());
        }
    }
}
