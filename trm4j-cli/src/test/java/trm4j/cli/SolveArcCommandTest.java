package trm4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trm4j.api.ArcSolverTest;
import trm4j.api.TinyCheckpoints;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static trm4j.api.ArcSolverTest.TASK;

/** {@code trm solve} of an ARC task file ({@link ArcSolverTest}'s task) with a tiny ARC-shaped checkpoint. */
class SolveArcCommandTest {
    @TempDir Path dir;

    @Test
    void solvesATaskFileWithoutDataSet() throws Exception {
        var arch = TinyCheckpoints.arch(900, 12, 5, 16, 1);
        Path ck = TinyCheckpoints.save(dir.resolve("run"), arch, arch, List.of(), 5, null);
        // task file with an unknown test output, no data set (warning, fallback augmentations), JSON
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
