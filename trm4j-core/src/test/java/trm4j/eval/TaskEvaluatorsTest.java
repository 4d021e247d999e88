package trm4j.eval;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trm4j.data.TaskFamily;
import trm4j.data.arc.ArcDatasetBuilder;
import trm4j.data.arc.ArcDatasetBuilderTestData;
import trm4j.data.arc.ArcTaskReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class TaskEvaluatorsTest {
    @TempDir Path dir;

    @Test
    void theConfigsEvaluatorsSelectWhatRuns() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("small_ev_challenges.json"), ArcDatasetBuilderTestData.EV);
        Files.writeString(src.resolve("small_ev_solutions.json"), ArcDatasetBuilderTestData.EV_SOL);
        String prefix = src.resolve("small").toString();
        Path arc = dir.resolve("arc");
        new ArcDatasetBuilder(new ArcDatasetBuilder.Config(List.of("ev"), "ev", 1, 42),
                s -> ArcTaskReader.readKaggle(prefix, s, null), null).build(arc);

        TaskEvaluators none = TaskEvaluators.of(List.of(), arc, TaskFamily.ARC, 900, null);
        none.begin();
        assertFalse(none.arc());
        assertEquals(Map.of(), none.metrics(null));

        TaskEvaluators named = TaskEvaluators.of(List.of(Map.of("name", "arc@ARC", "pass_Ks", List.of(1, 2)),
                Map.of("name", "other@Thing")), arc, TaskFamily.ARC, 900, null);
        named.begin();
        assertTrue(named.arc());
        assertEquals(List.of("other@Thing"), named.unknown());
        assertEquals(List.of("ARC/pass@1", "ARC/pass@2"), List.copyOf(named.metrics(null).keySet()));
        assertEquals(List.of("pass@1", "pass@2"), List.copyOf(named.metricsByGroup().get("ARC").keySet()));

        assertTrue(TaskEvaluators.of(null, arc, TaskFamily.ARC, 900, null).arc(), "no config: ARC data gets the ARC evaluator");
        assertFalse(TaskEvaluators.of(null, arc, TaskFamily.TOKENS, 900, null).arc(), "only on ARC data");
        assertThrows(IllegalArgumentException.class,
                () -> TaskEvaluators.of(List.of(Map.of("name", "arc@ARC", "pass_Ks", List.of("x"))), arc, TaskFamily.ARC, 900, null));
    }

    @Test
    void mazeDataGetsThePathMetrics() throws Exception {
        TaskEvaluators maze = TaskEvaluators.of(List.of(), dir, TaskFamily.MAZE, 9, null);
        maze.begin();
        assertEquals(List.of("maze/valid_optimal", "maze/exact"), List.copyOf(maze.metrics(null).keySet()));
        assertEquals(Map.of("maze", Map.of("valid_optimal", 0.0, "exact", 0.0)), maze.metricsByGroup());
    }
}
