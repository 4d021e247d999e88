package trm4j.train;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trm4j.checkpoint.CheckpointDir;
import trm4j.data.PuzzleDatasetWriter;
import trm4j.io.RawTensor;
import trm4j.io.Safetensors;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Run directories are never mixed or lost (issue 14): refusal, lock, verified resume with fallback, replace window. */
class RunDirectorySafetyTest {
    @TempDir Path tmp;
    Path data;

    @BeforeEach
    void data() throws Exception {
        data = tmp.resolve("data");
        TinyTasks.reversal(data, 4, 6, 24, 4, 5);
    }

    TrainConfig config(long seed) {
        return ConfigOverrides.parse(List.of("data_paths=[" + data + "]", "evaluators=[]", "global_batch_size=8", "epochs=6",
                "eval_interval=2", "seed=" + seed, "arch.hidden_size=8", "arch.num_heads=2", "arch.expansion=2", "arch.H_cycles=1",
                "arch.L_cycles=1", "arch.L_layers=1", "arch.halt_max_steps=2", "arch.puzzle_emb_ndim=8", "arch.puzzle_emb_len=1",
                "arch.forward_dtype=float32"));
    }

    /** Progress that records its messages. */
    static final class Recording implements Progress {
        final List<String> lines = new ArrayList<>();
        @Override public void update(long step, long total, Map<String, Double> stats) { }
        @Override public void message(String line) { lines.add(line); }
    }

    Trainer.Options options(Path run, long stop, boolean overwrite, Progress p) { return new Trainer.Options(run, stop, 1, p, overwrite); }

    @Test
    void aSecondFreshRunIntoTheSameDirectoryIsRefusedUnlessOverwritten() throws Exception {
        Path run = tmp.resolve("run");
        try (Trainer t = Trainer.start(config(1), options(run, 0, false, Progress.silent()))) { t.run(); }
        List<Path> before = new CheckpointDir(run).list();
        byte[] metrics = Files.readAllBytes(run.resolve(CheckpointDir.METRICS));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.start(config(2), options(run, 0, false, Progress.silent())));
        assertTrue(e.getMessage().contains("holds an earlier run") && e.getMessage().contains("--resume") && e.getMessage().contains("--overwrite"),
                e.getMessage());
        assertEquals(before, new CheckpointDir(run).list(), "nothing touched");
        assertArrayEquals(metrics, Files.readAllBytes(run.resolve(CheckpointDir.METRICS)));

        Files.writeString(run.resolve("notes.txt"), "mine");
        try (Trainer t = Trainer.start(config(2), options(run, 3, true, Progress.silent()))) { t.run(); }
        assertEquals(List.of(run.resolve("step_3")), new CheckpointDir(run).list(), "the earlier run's checkpoints are gone");
        List<Map<String, Object>> records = MetricsLog.read(run.resolve(CheckpointDir.METRICS));
        assertEquals(1L, records.stream().filter(r -> MetricsLog.stepOf(r) == 1).count(), "one step-1 record: the logs are not mixed");
        assertEquals("mine", Files.readString(run.resolve("notes.txt")), "files that are not part of a run are kept");
    }

    @Test
    void twoWritersNeverShareARun() throws Exception {
        Path run = tmp.resolve("locked");
        try (Trainer first = Trainer.start(config(1), options(run, 2, false, Progress.silent()))) {
            first.run();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Trainer.resume(run.resolve("step_2"), options(null, 2, false, Progress.silent())));
            assertTrue(e.getMessage().contains("another trm process is writing this run"), e.getMessage());
        }
        // released on close: the run can be continued now
        try (Trainer again = Trainer.resume(run.resolve("step_2"), options(null, 2, false, Progress.silent()))) {
            assertEquals(4, again.run().step());
        }
    }

    private static byte[] metricsOf(Path run) throws Exception { return Files.readAllBytes(run.resolve(CheckpointDir.METRICS)); }

    @Test
    void resumeVerifiesBeforeTouchingFilesAndFallsBackToThePreviousCheckpoint() throws Exception {
        Path run = tmp.resolve("corrupt");
        try (Trainer t = Trainer.start(config(3), options(run, 3, false, Progress.silent()))) { t.run(); }
        try (Trainer t = Trainer.resume(run.resolve("step_3"), options(null, 3, false, Progress.silent()))) { t.run(); }
        byte[] metrics = metricsOf(run);
        Path state6 = run.resolve("step_6").resolve(CheckpointDir.TRAIN_STATE);
        byte[] good = Files.readAllBytes(state6);
        byte[] bad = good.clone();
        bad[10] ^= 0x5a; // inside the JSON header
        Files.write(state6, bad);

        // named explicitly (it is the latest): falls back to step_3, says so, and restores step_3's metrics only then
        Recording said = new Recording();
        try (Trainer t = Trainer.resume(run.resolve("step_6"), options(null, 1, false, said))) {
            assertEquals(3, t.step());
            assertTrue(said.lines.stream().anyMatch(l -> l.contains("cannot resume from " + run.resolve("step_6"))), said.lines.toString());
            assertTrue(said.lines.stream().anyMatch(l -> l.contains("resuming from " + run.resolve("step_3") + " instead")), said.lines.toString());
        }

        // when every checkpoint is unreadable nothing is touched: metrics.jsonl keeps all its lines
        Files.write(state6, bad);
        Path state3 = run.resolve("step_3").resolve(CheckpointDir.TRAIN_STATE);
        Files.write(state3, new byte[]{1, 2, 3});
        Files.write(run.resolve(CheckpointDir.METRICS), metrics);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.resume(run.resolve("step_6"), options(null, 1, false, Progress.silent())));
        assertTrue(e.getMessage().startsWith(state6.toString()), e.getMessage());
        assertArrayEquals(metrics, metricsOf(run), "metrics.jsonl untouched by a failed resume");
    }

    @Test
    void aCarryOfTheWrongShapeIsRefusedNotCopied() throws Exception {
        Path run = tmp.resolve("carry");
        try (Trainer t = Trainer.start(config(4), options(run, 2, false, Progress.silent()))) { t.run(); }
        Path state = run.resolve("step_2").resolve(CheckpointDir.TRAIN_STATE);
        Map<String, RawTensor> st = new LinkedHashMap<>(Safetensors.read(state));
        Map<String, String> meta = Safetensors.metadata(state);
        st.put("carry.z_H", RawTensor.ofFloats(new float[3], 3));
        Safetensors.write(state, st, meta);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.resume(run.resolve("step_2"), options(null, 1, false, Progress.silent())));
        assertTrue(e.getMessage().contains("'carry.z_H' has shape [3], but this run's config needs [8, 5, 8]"), e.getMessage());
    }

    @Test
    void aCheckpointBeingReplacedIsNeverMissing() throws Exception {
        Path run = tmp.resolve("replace");
        try (Trainer t = Trainer.start(config(5), options(run, 2, false, Progress.silent()))) { t.run(); }
        CheckpointDir dir = new CheckpointDir(run);
        // a writer killed between "step_2 → .replaced-step_2" and "new → step_2"
        Files.move(run.resolve("step_2"), run.resolve(".replaced-step_2"));
        assertEquals(List.of(run.resolve(".replaced-step_2")), dir.list(), "the replaced checkpoint still counts");
        assertEquals(run.resolve(".replaced-step_2"), CheckpointDir.resolve(run));
        // resuming from it restores its metrics, then puts it back in place
        byte[] metrics = Files.readAllBytes(run.resolve(".replaced-step_2").resolve(CheckpointDir.METRICS));
        Files.writeString(run.resolve(CheckpointDir.METRICS), "");
        try (Trainer t = Trainer.resume(CheckpointDir.resolve(run), options(null, 1, false, Progress.silent()))) {
            assertEquals(2, t.step());
            assertArrayEquals(metrics, Files.readAllBytes(run.resolve(CheckpointDir.METRICS)));
        }
        assertEquals(List.of(run.resolve("step_2")), dir.list());
        assertFalse(Files.exists(run.resolve(".replaced-step_2")));
        // killed after the new one arrived: the old one is deleted
        Path copy = Files.createDirectory(run.resolve(".replaced-step_2"));
        Files.writeString(copy.resolve(CheckpointDir.MODEL), "old");
        Files.writeString(copy.resolve(CheckpointDir.CONFIG), "old");
        assertEquals(List.of(run.resolve("step_2")), dir.list(), "step_2 wins over a leftover");
        dir.recover();
        assertFalse(Files.exists(copy));
    }

    @Test
    void runFilesFollowTheUmask() throws Exception {
        Path run = tmp.resolve("perm");
        try (Trainer t = Trainer.start(config(6), options(run, 2, false, Progress.silent()))) { t.run(); }
        // what this process's umask gives a plain new folder and file
        Path refDir = Files.createDirectory(tmp.resolve("ref")), refFile = Files.createFile(tmp.resolve("ref.txt"));
        Set<PosixFilePermission> dirPerm = Files.getPosixFilePermissions(refDir), filePerm = Files.getPosixFilePermissions(refFile);
        assertEquals(dirPerm, Files.getPosixFilePermissions(run.resolve("step_2")));
        try (Stream<Path> s = Files.list(run.resolve("step_2"))) {
            for (Path f : s.toList()) assertEquals(filePerm, Files.getPosixFilePermissions(f), f.toString());
        }
        assertEquals(filePerm, Files.getPosixFilePermissions(run.resolve(CheckpointDir.METRICS)));
    }

    @Test
    void deadDatasetWritersLeaveNoPartialFolders() throws Exception {
        Path out = tmp.resolve("set");
        Path dead = Files.createDirectory(tmp.resolve(".set.partial-dead"));          // killed before its lock file: none
        Path deadLocked = Files.createDirectory(tmp.resolve(".set.partial-gone"));    // its lock file, no longer locked
        Files.createFile(tmp.resolve(".set.partial-gone.lock"));
        try (PuzzleDatasetWriter alive = new PuzzleDatasetWriter(tmp.resolve("set"), 4, 6)) {
            assertFalse(Files.exists(dead));
            assertFalse(Files.exists(deadLocked));
            assertFalse(Files.exists(tmp.resolve(".set.partial-gone.lock")));
            // a second writer leaves the first one's (locked) staging folder alone
            try (PuzzleDatasetWriter second = new PuzzleDatasetWriter(out, 4, 6)) {
                assertTrue(Files.isDirectory(alive.stagingDir()));
            }
        }
        try (Stream<Path> s = Files.list(tmp)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(".set.")).toList(), "nothing left behind");
        }
    }
}
