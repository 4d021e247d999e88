package trm4j.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trm4j.cli.CliRun;
import trm4j.train.Progress;
import trm4j.train.plot.LineChart;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The demo pipeline and its recipe at CI size: 4×4 Sudoku (400 generated training puzzles, 200 held-out), the
 * presets' fresh symmetry at every draw and their reveal curriculum (up to 60 % of the blanks given back, none from
 * step 60), a hidden-64 TRM (mlp_t, H_cycles 2, L_cycles 1, 4 ACT steps) trained for 150 optimizer steps must solve
 * at least 85 % of the held-out puzzles exactly (measured: 97.0 %, 22 s on 2 busy cores; with 7 stored augmentations
 * and no curriculum 96.5 %). A random 4×4 guess is almost never right (about 11 blanks of 4 values), so a broken
 * model, loss, optimizer or augmentation fails this test.
 */
class DemoLearningTest {
    @TempDir Path tmp;

    static DemoConfig ciConfig() {
        return DemoConfig.standard(4, 10, 0).withData(400, 200, 0).withMaxSteps(150).withEvalEveryEpochs(10)
                .withMinExact(0.85)
                .withOverrides(List.of("arch.halt_max_steps=4", "arch.L_cycles=1", "lr=3e-3", "lr_warmup_steps=30",
                        "curriculum_reveal=0.6", "curriculum_steps=60"));
    }

    @Test
    void solvesHeldOutFourByFourSudoku() throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        Path out = tmp.resolve("demo");
        DemoResult r;
        try (PrintStream log = new PrintStream(text, true, StandardCharsets.UTF_8)) {
            r = new DemoRunner(ciConfig(), out, log, Progress.silent(), 1).run();
        }
        String shown = text.toString(StandardCharsets.UTF_8);
        System.out.println(shown.lines().filter(l -> l.startsWith("Held-out 4x4") || l.startsWith("Trained")).toList());
        assertEquals(150, r.steps());
        assertEquals(200, r.testPuzzles());
        assertTrue(r.exact() >= 0.85, "held-out exact accuracy " + r.exact());
        assertTrue(r.blankCell() >= 0.9, "held-out blank-cell accuracy " + r.blankCell());
        assertTrue(r.passed());
        // what the demo leaves behind: one checkpoint, the metrics with a final held-out record, plots, summary
        assertEquals(out.resolve("step_150"), r.checkpoint());
        assertTrue(Files.isRegularFile(r.checkpoint().resolve("model.safetensors")));
        try (var s = Files.list(out)) {
            assertEquals(1, s.filter(p -> p.getFileName().toString().startsWith("step_")).count(), "earlier chunk checkpoints are pruned");
        }
        assertTrue(Files.readString(out.resolve("metrics.jsonl")).contains("\"all/exact_accuracy\""));
        assertTrue(Files.readString(out.resolve(DemoRunner.SUMMARY)).contains("\"passed\" : true"));
        assertTrue(shown.contains("Held-out puzzle 1"), shown);
        // the held-out curve against training minutes (evaluations at steps 60, 120 and the final one) and its chart
        LineChart.Series curve = DemoCurves.chart(List.of(out)).series().getFirst();
        assertEquals("4x4 demo", curve.name());
        assertEquals(3, curve.x().length, "evaluations at steps 60, 120, 150");
        assertEquals(r.exact(), curve.y()[2], 1e-12);
        assertEquals(r.trainSeconds() / 60, curve.x()[2], 1e-3);
        assertTrue(curve.x()[0] > 0 && curve.x()[0] < curve.x()[1] && curve.x()[1] < curve.x()[2], java.util.Arrays.toString(curve.x()));
        Path png = tmp.resolve("curve.png");
        assertEquals("0", CliRun.run("plot", "--minutes", out.toString(), "-o", png.toString())[0]);
        assertTrue(Files.size(png) > 1000);
        String[] bad = CliRun.run("plot", "--minutes", tmp.toString());
        assertNotEquals("0", bad[0]);
        assertTrue(bad[2].contains("no demo summary"), bad[2]);
        assertTrue(Files.readString(out.resolve("samples.txt")).contains("solution"));
    }
}
