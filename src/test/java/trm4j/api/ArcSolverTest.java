package trm4j.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trm4j.cli.Main;
import trm4j.data.arc.ArcTask;
import trm4j.data.arc.ArcTaskReader;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** ARC: the versions of a task come from identifiers.json; every version votes once per test input. */
class ArcSolverTest {
    @TempDir Path dir;

    static final String TASK = "{\"train\": [{\"input\": [[1, 0], [0, 1]], \"output\": [[2, 0], [0, 2]]}],"
            + " \"test\": [{\"input\": [[1, 1], [0, 0]], \"output\": [[2, 2], [0, 0]]}, {\"input\": [[0, 1]]}]}";

    @Test
    void plansFromIdentifiersAndVotesOncePerVersion() throws Exception {
        List<String> ids = List.of("<blank>", "abc", "abc|||t1|||0213456789", "abd", "abc|||t5|||0987654321");
        ArcSolver.Plan p = ArcSolver.plan("abc", ids, 8, 0, 0);
        assertEquals(List.of("abc", "abc|||t1|||0213456789", "abc|||t5|||0987654321"), p.names());
        assertArrayEquals(new int[]{1, 2, 4}, p.puzzleIds());
        assertTrue(p.trained());
        assertEquals(2, ArcSolver.plan("abc", ids, 8, 0, 2).size());
        ArcSolver.Plan fallback = ArcSolver.plan("zzz", ids, 3, 0, 0);
        assertFalse(fallback.trained());
        assertEquals(4, fallback.size());
        assertArrayEquals(new int[4], fallback.puzzleIds());

        var arch = TinyCheckpoints.arch(900, 12, 5, 16, 1);
        Path ck = TinyCheckpoints.save(dir.resolve("run"), arch, arch, List.of(), 5, null);
        Trm trm = Trm.load(ck);
        ArcTask task = ArcTaskReader.parseTask("abc", (ObjectNode) new ObjectMapper().readTree(TASK.replace("{\"input\": [[0, 1]]}",
                "{\"input\": [[0, 1]], \"output\": [[0]]}")), "t");
        ArcSolver.Result r = ArcSolver.solve(trm, task, new boolean[]{true, false}, p, false, 8, null);
        assertEquals(2, r.tests().size());
        for (ArcSolver.TestResult t : r.tests()) {
            assertEquals(3, t.candidates().stream().mapToInt(c -> c.votes()).sum(), "one vote per version");
            for (int i = 1; i < t.candidates().size(); i++)
                assertTrue(t.candidates().get(i - 1).votes() >= t.candidates().get(i).votes(), "ranked by votes");
        }
        assertNull(r.tests().get(1).expected());
        assertEquals(0, r.tests().get(1).rankOfExpected());

        // the CLI: task file with an unknown test output, no data set (warning, fallback augmentations), JSON
        Path taskFile = dir.resolve("abc.json");
        Files.writeString(taskFile, TASK);
        var cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute("solve", "--checkpoint", ck.toString(), "--format", "json", "--num-aug", "1", taskFile.toString()), err.toString());
        JsonNode o = new ObjectMapper().readTree(out.toString());
        assertEquals("abc", o.get("task").asText());
        assertEquals(2, o.get("versions").asInt());
        assertFalse(o.get("trained").asBoolean());
        assertTrue(o.get("tests").get(1).get("expected").isNull());
        assertTrue(err.toString().contains("no identifiers.json"), err.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, cl.execute("solve", "--checkpoint", ck.toString(), "--plain", "--num-aug", "0", taskFile.toString()), err.toString());
        assertTrue(out.toString().startsWith("task abc: 1 version (not in the data set"), out.toString());
        assertTrue(out.toString().contains("demo 1 input    output\n1 .             2 .   \n. 1             . 2   \n"), out.toString());
        assertTrue(out.toString().contains("result: no expected output in the task file"), out.toString());
    }
}
