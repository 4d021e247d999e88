package trm4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trm4j.api.Solution;
import trm4j.api.TinyCheckpoints;
import trm4j.api.Trm;
import trm4j.data.maze.MazeDatasets;
import trm4j.eval.MazeMetrics;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** {@code trm eval} on tiny data sets: the official metrics agree with solving each example through the facade. */
class EvalCommandTest {
    @TempDir Path dir;

    @Test
    void sudokuMetricsMatchTheFacadeAndTheConfigLeavesShapesToTheDataSet() throws Exception {
        Path data = dir.resolve("sudoku-tiny");
        List<int[]> inputs = new ArrayList<>(), labels = new ArrayList<>();
        // example 4 is its own answer, so that at least one exact match is possible to miss or hit
        TinyCheckpoints.sudoku4TestSet(data, 3, 5, i -> i == 4, inputs, labels);
        // config.json without seq_len / vocab_size / num_puzzle_identifiers: the loader takes them from data_paths
        var full = TinyCheckpoints.arch(16, 6, 1, 0, 2);
        var stored = TinyCheckpoints.arch(null, null, null, 0, 2);
        Path ck = TinyCheckpoints.save(dir.resolve("run"), full, stored, List.of(data.toString()), 11, null);

        String[] r = CliRun.run("eval", "--checkpoint", dir.resolve("run").toString(), "--batch", "3", "--format", "json");
        assertEquals("0", r[0], r[2]);
        JsonNode o = new ObjectMapper().readTree(r[1]);
        JsonNode all = o.get("all");
        assertEquals(5, all.get("count").asInt());
        assertEquals(2.0, all.get("steps").asDouble(), "every example runs halt_max_steps");

        List<Solution> sols = Trm.load(ck).solveAll(inputs, new int[5], false, 2);
        double exact = 0, acc = 0;
        for (int i = 0; i < 5; i++) {
            int ok = 0;
            for (int k = 0; k < 16; k++) if (sols.get(i).answer()[k] == labels.get(i)[k]) ok++;
            acc += ok / 16.0;
            if (ok == 16) exact++;
        }
        assertEquals(exact / 5, all.get("exact_accuracy").asDouble(), 1e-12);
        assertEquals(acc / 5, all.get("accuracy").asDouble(), 1e-6);

        r = CliRun.run("eval", "--checkpoint", ck.toString(), "--data", data.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("set all:") && r[1].contains("exact_accuracy") && r[1].contains("(sudoku, batch 4)"), r[1]);

        r = CliRun.run("eval", "--checkpoint", ck.toString(), "--data", dir.resolve("nope").toString());
        assertEquals("2", r[0]);
        assertEquals(1, r[2].strip().lines().count(), r[2]);
        assertTrue(r[2].contains("nope"), r[2]);
    }

    @Test
    void mazeDataAlsoGetsThePathMetrics() throws Exception {
        Path data = dir.resolve("maze-tiny");
        MazeDatasets.generate(data, 6, 2, 4, 2, false, 5);
        var full = TinyCheckpoints.arch(36, 6, 1, 0, 2);
        Path ck = TinyCheckpoints.save(dir.resolve("run"), full, full, List.of(data.toString()), 13, null);
        String[] r = CliRun.run("eval", "--checkpoint", ck.toString(), "--format", "json");
        assertEquals("0", r[0], r[2]);
        JsonNode o = new ObjectMapper().readTree(r[1]);
        assertEquals(4, o.get("all").get("count").asInt());
        // exact_accuracy (official) and maze/exact count the same thing
        assertEquals(o.get("all").get("exact_accuracy").asDouble(), o.get("maze/exact").asDouble(), 1e-12);

        try (var test = trm4j.data.PuzzleDataset.open(data, "test")) {
            int n = (int) test.numExamples();
            int[] in = new int[n * 36], lab = new int[n * 36];
            List<int[]> rows = new ArrayList<>();
            for (int e = 0; e < n; e++) {
                test.sets().getFirst().readInputs(e, in, e * 36);
                test.sets().getFirst().readLabels(e, lab, e * 36);
                rows.add(Arrays.copyOfRange(in, e * 36, e * 36 + 36));
            }
            List<Solution> sols = Trm.load(ck).solveAll(rows, new int[n], false, 8);
            int[] preds = new int[n * 36];
            for (int e = 0; e < n; e++) System.arraycopy(sols.get(e).answer(), 0, preds, e * 36, 36);
            MazeMetrics m = new MazeMetrics();
            m.add(preds, in, lab, n, 36);
            assertEquals(m.validOptimalRate(), o.get("maze/valid_optimal").asDouble(), 1e-12);
            // the metric itself says yes to the labels
            MazeMetrics truth = new MazeMetrics();
            truth.add(lab, in, lab, n, 36);
            assertEquals(1.0, truth.validOptimalRate());
        }
        assertFalse(o.has("ARC/pass@1"));
    }
}
