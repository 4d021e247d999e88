package trm4j.cli;

import trm4j.checkpoint.CheckpointDir;
import trm4j.train.TinyTasks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * kill -9 (SIGKILL) of {@code trm train} processes at {@value #KILLS} moments of a small run, some of them while
 * a checkpoint is being written, each followed by {@code --resume}: the finished run directory is byte-identical to
 * an uninterrupted run's (every checkpoint file and metrics.jsonl).
 */
class CrashResumeTest {
    static final int KILLS = 20;

    @TempDir Path tmp;

    private Path data;

    private List<String> overrides() {
        return List.of("data_paths=[" + data + "]", "evaluators=[]", "global_batch_size=8", "epochs=8", "eval_interval=1",
                "checkpoint_every_eval=True", "lr=1e-3", "lr_warmup_steps=3", "ema=True", "seed=9", "arch.hidden_size=8",
                "arch.num_heads=2", "arch.expansion=2", "arch.H_cycles=1", "arch.L_cycles=1", "arch.L_layers=1",
                "arch.halt_max_steps=2", "arch.puzzle_emb_ndim=8", "arch.puzzle_emb_len=1", "arch.forward_dtype=float32");
    }

    private Process train(Path run, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Xmx256m", "-Dtrm.threads=1", "-cp", System.getProperty("java.class.path"), "trm4j.cli.Main", "train"));
        if (new CheckpointDir(run).list().isEmpty()) {
            cmd.addAll(overrides());
            cmd.addAll(List.of("--run-dir", run.toString(), "--overwrite"));
        } else {
            cmd.addAll(List.of("--resume", run.toString()));
        }
        cmd.addAll(List.of("--no-plot", "--log-every", "1"));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Whether a checkpoint write was under way: a staging or a replaced folder is in the run directory. */
    private static boolean midCheckpoint(Path run) throws IOException {
        if (!Files.isDirectory(run)) return false;
        try (Stream<Path> s = Files.list(run)) {
            return s.anyMatch(p -> p.getFileName().toString().startsWith(".tmp-step_") || p.getFileName().toString().startsWith(".replaced-"));
        }
    }

    /** Lines in the run's live metrics log (one per training step here). */
    private static long metricLines(Path run) throws IOException {
        Path f = run.resolve(CheckpointDir.METRICS);
        if (!Files.exists(f)) return 0;
        byte[] b = Files.readAllBytes(f);
        long n = 0;
        for (byte x : b) if (x == '\n') n++;
        return n;
    }

    /** Relative path → content of every file of a run (the lock file aside). */
    private static Map<String, byte[]> files(Path run) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(run)) {
            for (Path p : s.filter(Files::isRegularFile).toList())
                if (!p.getFileName().toString().equals(CheckpointDir.LOCK)) out.put(run.relativize(p).toString(), Files.readAllBytes(p));
        }
        return out;
    }

    @Test
    void killedAtRandomMomentsAndResumedEndsByteIdenticalToOneRun() throws Exception {
        data = tmp.resolve("data");
        TinyTasks.reversal(data, 4, 6, 96, 4, 7);   // 96 steps: far more than 20 kills can get through
        Path log = tmp.resolve("log.txt");

        Path reference = tmp.resolve("reference");
        long t0 = System.nanoTime();
        Process p = train(reference, log);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), "reference run finished");
        assertEquals(0, p.exitValue(), () -> "reference run: " + read(log));
        long wholeMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(8, new CheckpointDir(reference).list().size(), "a checkpoint after every one of the 8 evaluations");

        Path run = tmp.resolve("run");
        Random rng = new Random(14);
        int duringCheckpoint = 0, killed = 0;
        for (int k = 0; killed < KILLS && k < 2 * KILLS; k++) {
            p = train(run, log);
            long until = System.nanoTime() + 2 * wholeMs * 1_000_000L;
            switch (k % 4) {
                case 0 -> // while starting, loading or verifying a checkpoint: a random time into the process
                        p.waitFor(rng.nextInt(1500), TimeUnit.MILLISECONDS);
                case 1 -> { // aimed: as soon as a checkpoint write is seen
                    while (p.isAlive() && !midCheckpoint(run) && System.nanoTime() < until) Thread.onSpinWait();
                }
                default -> { // during training: after 1 to 8 more logged steps, plus up to 20 ms
                    long target = metricLines(run) + 1 + rng.nextInt(8);
                    while (p.isAlive() && metricLines(run) < target && System.nanoTime() < until) Thread.sleep(1);
                    p.waitFor(rng.nextInt(20), TimeUnit.MILLISECONDS);
                }
            }
            if (p.isAlive()) {
                p.destroyForcibly(); // SIGKILL
                killed++;
            }
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            if (midCheckpoint(run)) duringCheckpoint++;
        }
        // then let it finish
        p = train(run, log);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), () -> "final resume: " + read(log));
        System.out.printf("crash test: %d processes killed (%d mid-checkpoint), uninterrupted run %d ms%n", killed, duringCheckpoint, wholeMs);
        assertEquals(KILLS, killed, "processes killed");
        assertTrue(duringCheckpoint >= 2, "some kills hit a checkpoint write: " + duringCheckpoint);

        Map<String, byte[]> want = files(reference), got = files(run);
        assertEquals(want.keySet(), got.keySet(), "the same files");
        for (String f : want.keySet()) assertArrayEquals(want.get(f), got.get(f), f);
    }

    private static String read(Path log) {
        try {
            String s = Files.readString(log);
            return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
        } catch (IOException e) {
            return e.toString();
        }
    }
}
