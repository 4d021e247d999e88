package trm4j.train;

import trm4j.checkpoint.CheckpointDir;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Checkpoints resume bit for bit: 24 steps in one run and 12 + resume + 12 give byte-identical weights, training
 * state and metrics. Exercises EMA, SignSGD on several puzzle identifiers, exploration and carried ACT slots.
 */
class TrainerResumeTest {
    @TempDir Path tmp;
    Path data;

    @BeforeEach
    void data() throws Exception {
        data = tmp.resolve("data");
        TinyTasks.puzzles(data, 40, 3);
    }

    List<String> config() { return TinyTasks.puzzlesConfig(data); }

    /** The same tiny run for an official variant ({@code arch=NAME}, one layer per stack, its own yaml's keys). */
    List<String> config(String arch) {
        List<String> c = new ArrayList<>(config());
        if (arch.equals("trm")) return c;
        trm4j.model.Variant v = trm4j.model.Variant.byName(arch);
        c.add("arch=" + arch);
        if (!v.trmFamily()) c.removeIf(x -> x.startsWith("arch.puzzle_emb_len="));
        if (v.hasHLevel()) c.add("arch.H_layers=1");
        if (v == trm4j.model.Variant.HRM) c.add("arch.L_layers=1");
        if (v == trm4j.model.Variant.TRANSFORMER) {
            c.removeIf(x -> x.startsWith("arch.L_cycles=") || x.startsWith("arch.forward_dtype="));
            c.add("+arch.forward_dtype=float32");
        }
        return c;
    }

    Trainer.Options options(Path run, long stop) { return new Trainer.Options(run, stop, 1, Progress.silent()); }

    /** Every variant's carry fields, and HRM's bootstrapped target, survive a checkpoint bit for bit. */
    @ParameterizedTest
    @ValueSource(strings = {"trm", "hrm", "trm_singlez", "trm_hier6", "transformers_baseline"})
    void splitRunIsByteIdenticalToOneRun(String arch) throws Exception {
        Path one = tmp.resolve("one"), two = tmp.resolve("two");
        List<String> config = config(arch);
        try (Trainer t = Trainer.start(ConfigOverrides.parse(config), options(one, 24))) {
            assertTrue(t.totalSteps() > 24, "the run must not end before step 24");
            assertEquals(24, t.run().step());
        }
        try (Trainer t = Trainer.start(ConfigOverrides.parse(config), options(two, 12))) {
            assertEquals(12, t.run().step());
        }
        try (Trainer t = Trainer.resume(two.resolve("step_12"), options(two, 12))) {
            assertEquals(12, t.step());
            assertEquals(24, t.run().step());
        }
        for (String f : List.of(CheckpointDir.MODEL, CheckpointDir.TRAIN_STATE, CheckpointDir.METRICS, CheckpointDir.CONFIG))
            assertArrayEquals(Files.readAllBytes(one.resolve("step_24").resolve(f)), Files.readAllBytes(two.resolve("step_24").resolve(f)), f);
        assertEquals(-1, Files.mismatch(one.resolve(CheckpointDir.METRICS), two.resolve(CheckpointDir.METRICS)), "metrics.jsonl");
    }

    /** Fresh Sudoku augmentation and the reveal curriculum draw from a stream that the training state saves. */
    @Test
    void freshAugmentationAndCurriculumResumeByteIdentically() throws Exception {
        Path sudoku = tmp.resolve("sudoku4");
        trm4j.data.sudoku.SudokuDatasets.generate(sudoku, 4, 64, 16, 0, 0, 5);
        List<String> c = TinyTasks.puzzlesConfig(sudoku, "augment=sudoku", "curriculum_reveal=0.5", "curriculum_steps=20",
                "arch.puzzle_emb_len=1");
        Path one = tmp.resolve("aug-one"), two = tmp.resolve("aug-two");
        try (Trainer t = Trainer.start(ConfigOverrides.parse(c), options(one, 16))) { assertEquals(16, t.run().step()); }
        try (Trainer t = Trainer.start(ConfigOverrides.parse(c), options(two, 7))) { t.run(); }
        try (Trainer t = Trainer.resume(two.resolve("step_7"), options(two, 9))) { assertEquals(16, t.run().step()); }
        for (String f : List.of(CheckpointDir.MODEL, CheckpointDir.TRAIN_STATE, CheckpointDir.METRICS, CheckpointDir.CONFIG))
            assertArrayEquals(Files.readAllBytes(one.resolve("step_16").resolve(f)), Files.readAllBytes(two.resolve("step_16").resolve(f)), f);
        String json = Files.readString(one.resolve("step_16").resolve(CheckpointDir.CONFIG));
        assertTrue(json.contains("\"augment\" : \"sudoku\"") && json.contains("\"curriculum_steps\" : 20"), json);
        // Without these keys config.json holds only the official ones.
        try (Trainer t = Trainer.start(ConfigOverrides.parse(config()), options(tmp.resolve("plain"), 1))) { t.run(); }
        String plain = Files.readString(tmp.resolve("plain").resolve("step_1").resolve(CheckpointDir.CONFIG));
        assertFalse(plain.contains("augment") || plain.contains("curriculum"), plain);
    }

    @Test
    void aRunKilledDuringACheckpointWriteResumesFromThePreviousCompleteOne() throws Exception {
        Path run = tmp.resolve("run");
        try (Trainer t = Trainer.start(ConfigOverrides.parse(config()), options(run, 6))) { t.run(); }
        // A writer that died mid-checkpoint leaves a hidden staging folder with partial files, never a step_N.
        Path partial = Files.createDirectory(run.resolve(".tmp-step_9-123"));
        Files.write(partial.resolve(CheckpointDir.MODEL), new byte[]{1, 2, 3});
        Path latest = CheckpointDir.resolve(run);
        assertEquals(run.resolve("step_6"), latest);
        try (Trainer t = Trainer.resume(latest, options(run, 3))) {
            assertEquals(9, t.run().step());
        }
        assertFalse(Files.exists(partial), "stale staging folders are removed");
        assertTrue(Files.isRegularFile(run.resolve("step_9").resolve(CheckpointDir.TRAIN_STATE)));
    }

    @Test
    void aNonFiniteLossStopsTheRunAndKeepsTheLastCheckpoint() throws Exception {
        Path run = tmp.resolve("nan");
        try (Trainer t = Trainer.start(ConfigOverrides.parse(config()), options(run, 4))) { t.run(); }
        byte[] before = Files.readAllBytes(run.resolve("step_4").resolve(CheckpointDir.TRAIN_STATE));
        try (Trainer t = Trainer.resume(run.resolve("step_4"), options(run, 10))) {
            t.model().lmHead.value[0] = Float.NaN;
            IllegalStateException e = assertThrows(IllegalStateException.class, t::run);
            assertTrue(e.getMessage().contains("at step 5"), e.getMessage());
        }
        List<Path> ckpts = new ArrayList<>(new CheckpointDir(run).list());
        assertEquals(List.of(run.resolve("step_4")), ckpts);
        assertArrayEquals(before, Files.readAllBytes(run.resolve("step_4").resolve(CheckpointDir.TRAIN_STATE)));
    }
}
