package trm4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trm4j.api.Solution;
import trm4j.api.TinyCheckpoints;
import trm4j.api.Trm;
import trm4j.model.EvalRolloutTest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** {@code trm eval --halt}: the full-length and the early-exit evaluation side by side, the latter as the facade's early-exit solve. */
class EvalHaltCommandTest {
    @TempDir Path dir;

    @Test
    void printsBothEvaluationsAndTheEarlyExitMetricsAreThoseOfEachPuzzlesHaltingStep() throws Exception {
        int n = 11, max = 5;
        Path data = dir.resolve("sudoku-tiny");
        List<int[]> inputs = new ArrayList<>(), labels = new ArrayList<>();
        // some solved already, so that exact matches can be hit
        TinyCheckpoints.sudoku4TestSet(data, 5, n, i -> i % 3 == 0, inputs, labels);
        var arch = TinyCheckpoints.arch(16, 6, 1, 0, max);
        Path ck = TinyCheckpoints.save(dir.resolve("run"), arch, arch, List.of(data.toString()), 11,
                m -> { EvalRolloutTest.haltAtVariousSteps(m, 5); m.qHeadBias.value[0] = -4.0f; });

        String[] r = CliRun.run("eval", "--checkpoint", ck.toString(), "--batch", "3", "--halt", "--format", "json");
        assertEquals("0", r[0], r[2]);
        JsonNode o = new ObjectMapper().readTree(r[1]);
        JsonNode full = o.get("full").get("all"), halt = o.get("halt").get("all");
        assertEquals(n, full.get("count").asInt());
        assertEquals(n, halt.get("count").asInt());
        assertEquals(max, full.get("steps").asDouble(), "full length: every example runs halt_max_steps");
        assertTrue(o.get("halt").get("puzzles_per_s").asDouble() > 0);

        // the full column is today's `eval`
        String[] plain = CliRun.run("eval", "--checkpoint", ck.toString(), "--batch", "3", "--format", "json");
        JsonNode p = new ObjectMapper().readTree(plain[1]).get("all");
        for (String k : List.of("count", "accuracy", "exact_accuracy", "q_halt_accuracy", "steps", "lm_loss", "q_halt_loss"))
            assertEquals(p.get(k).asDouble(), full.get(k).asDouble(), 0.0, k);

        // early exit = the facade's solve with stopAtHalt, any batch size: metrics at each puzzle's halting step
        List<Solution> sols = Trm.load(ck).solveAll(inputs, new int[n], true, 4);
        double exact = 0, acc = 0, steps = 0;
        int early = 0;
        for (int i = 0; i < n; i++) {
            Solution s = sols.get(i);
            int ok = 0;
            for (int k = 0; k < 16; k++) if (s.answer()[k] == labels.get(i)[k]) ok++;
            acc += ok / 16.0;
            if (ok == 16) exact++;
            steps += s.steps().size();
            if (s.steps().size() < max) early++;
            assertEquals(s.halted(), s.last().qHaltLogit() > 0f);
        }
        assertTrue(early >= 2 && early < n, early + " of " + n + " halt early: " + sols.stream().map(x -> x.steps().size()).toList());
        assertEquals(steps / n, halt.get("steps").asDouble(), 1e-12);
        assertEquals(exact / n, halt.get("exact_accuracy").asDouble(), 1e-12);
        assertEquals(acc / n, halt.get("accuracy").asDouble(), 1e-6);

        r = CliRun.run("eval", "--checkpoint", ck.toString(), "--batch", "4", "--halt");
        assertEquals("0", r[0], r[2]);
        List<String> lines = r[1].lines().toList();
        assertTrue(lines.get(2).matches("\\s+full\\s+--halt"), r[1]);
        assertTrue(r[1].contains("set all:"), r[1]);
        String stepsLine = lines.stream().filter(l -> l.strip().startsWith("steps ")).findFirst().orElseThrow();
        assertEquals(List.of("steps", String.format(java.util.Locale.ROOT, "%.4f", (double) max),
                String.format(java.util.Locale.ROOT, "%.4f", steps / n)), List.of(stepsLine.strip().split("\\s+")), r[1]);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("puzzles/s")), r[1]);
        assertTrue(lines.getLast().startsWith("speed-up") && lines.getLast().endsWith("x"), r[1]);

        // --halt-threshold: the early exit at the first q_halt logit above it (implies --halt), as the facade's solve
        r = CliRun.run("eval", "--checkpoint", ck.toString(), "--batch", "3", "--halt-threshold", "1.5", "--format", "json");
        assertEquals("0", r[0], r[2]);
        o = new ObjectMapper().readTree(r[1]);
        assertEquals(1.5, o.get("halt_threshold").asDouble());
        List<Solution> strict = Trm.load(ck).solveAll(inputs, new int[n], 1.5f, 4);
        double strictSteps = 0;
        for (int i = 0; i < n; i++) {
            Solution s = strict.get(i);
            strictSteps += s.steps().size();
            assertTrue(s.steps().size() >= sols.get(i).steps().size(), "a higher threshold stops no sooner");
            for (Solution.Step st : s.steps().subList(0, s.steps().size() - 1)) assertTrue(st.qHaltLogit() <= 1.5f);
        }
        assertTrue(strictSteps > steps, "the fixture has q_halt logits between 0 and 1.5: " + strictSteps + " vs " + steps);
        assertEquals(strictSteps / n, o.get("halt").get("all").get("steps").asDouble(), 1e-12);

        r = CliRun.run("eval", "--checkpoint", ck.toString(), "--halt-threshold", "NaN");
        assertEquals("2", r[0]);
        assertTrue(r[2].strip().lines().count() == 1 && r[2].contains("--halt-threshold must be a finite logit"), r[2]);
    }
}
