package trm4j.data.arc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArcTaskReaderTest {
    @TempDir Path dir;

    private String prefix(String challenges, String solutions) throws IOException {
        Files.writeString(dir.resolve("p_x_challenges.json"), challenges);
        if (solutions != null) Files.writeString(dir.resolve("p_x_solutions.json"), solutions);
        return dir.resolve("p").toString();
    }

    @Test
    void kaggleKeepsKeyOrderAndAttachesSolutions() throws IOException {
        String p = prefix("{\"b\": {\"test\": [{\"input\": [[1]]}], \"train\": [{\"input\": [[2]], \"output\": [[3]]}]},"
                + " \"a\": {\"train\": [{\"input\": [[4]], \"output\": [[5]]}], \"test\": [{\"input\": [[6]]}]}}",
                "{\"b\": [[[7]]], \"a\": [[[8]]]}");
        List<ArcTask> tasks = ArcTaskReader.readKaggle(p, "x", null);
        assertEquals("b", tasks.get(0).id());
        assertEquals("test", tasks.get(0).segments().get(0).kind());
        assertEquals(7, tasks.get(0).allPairs().get(0).output().get(0, 0));
        assertEquals(List.of(7, 3), tasks.get(0).allPairs().stream().map(q -> q.output().get(0, 0)).toList());
        assertEquals(8, tasks.get(1).pairs("test").get(0).output().get(0, 0));
        StringBuilder py = new StringBuilder();
        ArcJson.write(tasks.get(0).raw(), py);
        assertEquals("{\"test\": [{\"input\": [[1]], \"output\": [[7]]}], \"train\": [{\"input\": [[2]], \"output\": [[3]]}]}", py.toString());
    }

    @Test
    void missingSolutionsFileFillsDummyLikeOfficial() throws IOException {
        String p = prefix("{\"a\": {\"train\": [{\"input\": [[4]], \"output\": [[5]]}], \"test\": [{\"input\": [[6, 6]]}]}}", null);
        StringBuilder warn = new StringBuilder();
        List<ArcTask> tasks = ArcTaskReader.readKaggle(p, "x", warn);
        assertEquals(ArcGrid.of(new int[][] {{0}}), tasks.get(0).pairs("test").get(0).output());
        assertTrue(warn.toString().contains("filling with dummy"));
    }

    private String error(String task) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ArcTaskReader.readKaggle(prefix("{\"q\": " + task + "}", "{\"q\": [[[1]]]}"), "x", null));
        assertTrue(e.getMessage().contains("p_x_challenges.json: task q"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void clearErrors() {
        String ok = "{\"input\": [[1]], \"output\": [[1]]}";
        String test = "\"test\": [{\"input\": [[1]]}]";
        assertTrue(error("{\"train\": [{\"input\": [[1, 2], [3]], \"output\": [[1]]}], " + test + "}")
                .contains("train pair 0 input: ragged grid: row 1"));
        assertTrue(error("{\"train\": [{\"input\": [[1, 12]], \"output\": [[1]]}], " + test + "}")
                .contains("colour 12 at row 0, column 1 is outside 0..9"));
        assertTrue(error("{\"train\": [{\"input\": [[1]]}], " + test + "}").contains("train pair 0: missing \"output\""));
        assertTrue(error("{\"train\": [{\"input\": [], \"output\": [[1]]}], " + test + "}").contains("non-empty list of rows"));
        assertTrue(error("{\"train\": [{\"input\": [[]], \"output\": [[1]]}], " + test + "}").contains("empty grid"));
        String big = "[" + "[1],".repeat(30) + "[1]]";
        assertTrue(error("{\"train\": [{\"input\": " + big + ", \"output\": [[1]]}], " + test + "}").contains("31 rows, at most 30"));
        assertTrue(error("{\"train\": [" + ok + "], \"extra\": [], " + test + "}").contains("unknown key \"extra\""));
        assertTrue(error("{\"test\": [{\"input\": [[1]]}]}").contains("no \"train\" pairs"));
    }

    @Test
    void solutionsMustCoverTasks() throws IOException {
        String p = prefix("{\"a\": {\"train\": [{\"input\": [[4]], \"output\": [[5]]}], \"test\": [{\"input\": [[6]]}]}}", "{}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ArcTaskReader.readKaggle(p, "x", null));
        assertTrue(e.getMessage().contains("p_x_solutions.json: task a has no solution list"), e.getMessage());
        IOException missing = assertThrows(IOException.class, () -> ArcTaskReader.readKaggle(dir.resolve("nope").toString(), "x", null));
        assertTrue(missing.getMessage().contains("nope_x_challenges.json: no such file"));
    }

    @Test
    void directoryLayoutNeedsTestOutputs() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("training"));
        Files.writeString(sub.resolve("bbb.json"), "{\"train\": [{\"input\": [[1]], \"output\": [[2]]}], \"test\": [{\"input\": [[3]], \"output\": [[4]]}]}");
        Files.writeString(sub.resolve("aaa.json"), "{\"train\": [{\"input\": [[1]], \"output\": [[2]]}], \"test\": [{\"input\": [[3]], \"output\": [[5]]}]}");
        List<ArcTask> tasks = ArcTaskReader.readDirectory(sub);
        assertEquals(List.of("aaa", "bbb"), tasks.stream().map(ArcTask::id).toList());
        Files.writeString(sub.resolve("ccc.json"), "{\"train\": [{\"input\": [[1]], \"output\": [[2]]}], \"test\": [{\"input\": [[3]]}]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ArcTaskReader.readDirectory(sub));
        assertTrue(e.getMessage().contains("ccc.json: task ccc test pair 0: missing \"output\""), e.getMessage());
    }
}
