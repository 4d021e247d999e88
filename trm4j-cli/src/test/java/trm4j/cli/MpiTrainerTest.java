package trm4j.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trm4j.checkpoint.CheckpointDir;
import trm4j.dist.MpiRun;
import trm4j.io.RawTensor;
import trm4j.io.Safetensors;
import trm4j.train.ConfigOverrides;
import trm4j.train.MetricsLog;
import trm4j.train.Progress;
import trm4j.train.TinyTasks;
import trm4j.train.Trainer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Data-parallel training on Open MPI ({@code mpirun -np 2}) on one machine: two ranks match one process at the
 * same global batch to float32 summation tolerance after 50 steps (the evaluation at step 26 included), repeat
 * bit for bit, resume bit for bit with 2 ranks and within tolerance with 1 process (and a 1-process checkpoint
 * with 2 ranks), and a killed rank ends the job
 * with an error naming it while the last complete checkpoint stays resumable.
 */
class MpiTrainerTest {
    /** Weights after 50 steps: measured max |Δ| ≈ 1e-6 (see README); a flipped ACT halt decision would be ~1e-2. */
    static final double WEIGHT_TOL = 1e-4;
    static final double LOSS_TOL = 1e-4;

    @TempDir static Path tmp;
    static Path data, twoRanks;

    @BeforeAll
    static void data() throws Exception {
        MpiRun.requireMpirun();
        data = tmp.resolve("data");
        TinyTasks.puzzles(data, 40, 3);
    }

    static List<String> train(Path run, long stopAfter, String... extra) {
        List<String> a = new ArrayList<>(List.of("train"));
        a.addAll(TinyTasks.puzzlesConfig(data, extra));
        a.addAll(List.of("--run-dir", run.toString(), "--stop-after-steps", String.valueOf(stopAfter), "--no-plot"));
        return a;
    }

    static void runOk(int ranks, List<String> args) throws Exception {
        String[] r = MpiRun.run(ranks, args, 300);
        assertEquals("0", r[0], "mpirun failed:\n" + r[1]);
    }

    /** The reference 2-rank run: 50 steps (evaluation after the first iteration, step 26), computed once. */
    static synchronized Path twoRanks() throws Exception {
        if (twoRanks == null) {
            Path run = tmp.resolve("two-a");
            runOk(2, train(run, 50));
            twoRanks = run;
        }
        return twoRanks;
    }

    static Trainer.Options options(Path run, long stop) { return new Trainer.Options(run, stop, 1, Progress.silent()); }

    @Test
    void twoRanksMatchOneProcessAndRepeatBitForBit() throws Exception {
        Path a = twoRanks(), b = tmp.resolve("two-b"), one = tmp.resolve("one");
        runOk(2, train(b, 50));
        assertSameBytes(a.resolve("step_50"), b.resolve("step_50"));
        assertEquals(-1, Files.mismatch(a.resolve(CheckpointDir.METRICS), b.resolve(CheckpointDir.METRICS)), "metrics.jsonl");

        try (Trainer t = Trainer.start(ConfigOverrides.parse(TinyTasks.puzzlesConfig(data)), options(one, 50))) {
            assertEquals(50, t.run().step());
        }
        double dw = maxWeightDiff(a.resolve("step_50"), one.resolve("step_50"));
        double dl = maxMetricDiff(a, one, "train/lm_loss");
        double de = maxMetricDiff(a, one, "all/accuracy");
        System.out.printf(Locale.ROOT, "MPI 2 ranks vs 1 process after 50 steps: max |dw| = %.3g, max |d lm_loss| = %.3g, |d eval accuracy| = %.3g%n", dw, dl, de);
        assertTrue(dw <= WEIGHT_TOL, "weights differ by " + dw);
        assertTrue(dl <= LOSS_TOL, "train/lm_loss differs by " + dl);
        assertTrue(de <= LOSS_TOL, "evaluation accuracy differs by " + de);
        assertEquals(50, MetricsLog.read(a.resolve(CheckpointDir.METRICS)).stream().filter(m -> m.containsKey("train/lm_loss")).count());
    }

    @Test
    void checkpointsResumeWithTheSameOrAnotherNumberOfRanks() throws Exception {
        Path a = twoRanks(), c = tmp.resolve("two-c"), d = tmp.resolve("one-d");
        runOk(2, train(c, 25));
        List<String> resume = List.of("train", "--resume", c.resolve("step_25").toString(), "--stop-after-steps", "25", "--no-plot");
        runOk(2, resume);
        assertSameBytes(a.resolve("step_50"), c.resolve("step_50"));
        assertEquals(-1, Files.mismatch(a.resolve(CheckpointDir.METRICS), c.resolve(CheckpointDir.METRICS)), "metrics.jsonl");

        try (Trainer t = Trainer.resume(c.resolve("step_25"), options(d, 25))) {
            assertEquals(25, t.step());
            assertEquals(50, t.run().step());
        }
        double dw = maxWeightDiff(a.resolve("step_50"), d.resolve("step_50"));
        System.out.printf(Locale.ROOT, "MPI 2-rank checkpoint at 25 resumed by 1 process to 50 vs 2 ranks: max |dw| = %.3g%n", dw);
        assertTrue(dw <= WEIGHT_TOL, "weights differ by " + dw);

        // The other way: d's step 50 (written by 1 process) finished by 2 ranks and by 1 process (end of run: step 52).
        Path e = tmp.resolve("two-e"), f = tmp.resolve("one-f");
        runOk(2, List.of("train", "--resume", d.resolve("step_50").toString(), "--run-dir", e.toString(), "--no-plot"));
        try (Trainer t = Trainer.resume(d.resolve("step_50"), options(f, 0))) {
            assertTrue(t.run().finished());
        }
        Path end = CheckpointDir.resolve(f);
        assertEquals(end.getFileName(), CheckpointDir.resolve(e).getFileName());
        double de = maxWeightDiff(end, e.resolve(end.getFileName().toString()));
        System.out.printf(Locale.ROOT, "MPI 1-process checkpoint at 50 finished by 2 ranks vs 1 process (%s): max |dw| = %.3g%n", end.getFileName(), de);
        assertTrue(de <= WEIGHT_TOL, "weights differ by " + de);
    }

    @Test
    void aKilledRankEndsTheJobWithAnErrorNamingItAndTheLastCheckpointResumes() throws Exception {
        Path run = tmp.resolve("killed");
        AtomicLong rank1 = new AtomicLong(-1);
        // A long run with a checkpoint after every iteration (about 8 steps).
        MpiRun.Job job = MpiRun.start(2, train(run, 0, "epochs=100000", "eval_interval=1", "checkpoint_every_eval=True"), line -> {
            var m = java.util.regex.Pattern.compile("rank 1 on .*, pid (\\d+)").matcher(line);
            if (m.find()) rank1.set(Long.parseLong(m.group(1)));
        });
        long deadline = System.nanoTime() + 240_000_000_000L;
        while (new CheckpointDir(run).list().size() < 2 || rank1.get() < 0) {
            assertTrue(job.process().isAlive(), "the job ended early:\n" + job.out());
            assertTrue(System.nanoTime() < deadline, "no two checkpoints within 240 s:\n" + job.out());
            Thread.sleep(100);
        }
        ProcessHandle victim = ProcessHandle.of(rank1.get()).orElseThrow();
        long killedAt = System.nanoTime();
        assertTrue(victim.destroyForcibly(), "SIGKILL rank 1");
        String[] r = job.await(120);
        double seconds = (System.nanoTime() - killedAt) / 1e9;
        System.out.printf(Locale.ROOT, "MPI job ended %.1f s after rank 1 was killed (exit %s)%n", seconds, r[0]);
        assertNotEquals("0", r[0], r[1]);
        assertTrue(r[1].contains("rank 1") && r[1].contains("signal 9"), "the error names the killed rank:\n" + r[1]);
        assertTrue(seconds < 60, "the job took " + seconds + " s to stop");

        Path last = CheckpointDir.resolve(run);
        long step = CheckpointDir.stepOf(last);
        assertTrue(step >= 8, last.toString());
        try (Trainer t = Trainer.resume(last, options(tmp.resolve("after-kill"), 3))) {
            assertEquals(step, t.step());
            assertEquals(step + 3, t.run().step());
        }
    }

    static void assertSameBytes(Path x, Path y) throws Exception {
        for (String f : List.of(CheckpointDir.MODEL, CheckpointDir.TRAIN_STATE, CheckpointDir.CONFIG))
            assertEquals(-1, Files.mismatch(x.resolve(f), y.resolve(f)), f + " of " + x + " and " + y);
    }

    static double maxWeightDiff(Path x, Path y) throws Exception {
        Map<String, RawTensor> a = Safetensors.read(x.resolve(CheckpointDir.TRAIN_STATE)), b = Safetensors.read(y.resolve(CheckpointDir.TRAIN_STATE));
        double max = 0;
        int compared = 0;
        for (var e : a.entrySet()) {
            if (!e.getKey().startsWith("model.")) continue;
            float[] u = e.getValue().toFloats(), v = b.get(e.getKey()).toFloats();
            assertEquals(u.length, v.length, e.getKey());
            for (int i = 0; i < u.length; i++) max = Math.max(max, Math.abs(u[i] - v[i]));
            compared++;
        }
        assertTrue(compared > 5, "compared " + compared + " tensors");
        return max;
    }

    /** Max |Δ| of one metric over the records both logs have for the same step. */
    static double maxMetricDiff(Path x, Path y, String key) throws Exception {
        List<Map<String, Object>> a = MetricsLog.read(x.resolve(CheckpointDir.METRICS)), b = MetricsLog.read(y.resolve(CheckpointDir.METRICS));
        double max = 0;
        int n = 0;
        for (Map<String, Object> ra : a) {
            if (!(ra.get(key) instanceof Number va)) continue;
            for (Map<String, Object> rb : b)
                if (MetricsLog.stepOf(rb) == MetricsLog.stepOf(ra) && rb.get(key) instanceof Number vb) {
                    max = Math.max(max, Math.abs(va.doubleValue() - vb.doubleValue()));
                    n++;
                }
        }
        assertTrue(n > 0, "no common records of " + key);
        return max;
    }
}
