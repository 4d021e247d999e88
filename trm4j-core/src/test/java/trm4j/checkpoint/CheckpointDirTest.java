package trm4j.checkpoint;

import org.junit.jupiter.api.Test;
import trm4j.train.MetricsLog;
import trm4j.train.TrainConfig;
import org.junit.jupiter.api.io.TempDir;
import trm4j.io.RawTensor;
import trm4j.io.Safetensors;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class CheckpointDirTest {

    private static Path save(CheckpointDir dir, long step, float value) throws Exception {
        try (CheckpointDir.Staging s = dir.begin(step)) {
            s.writeConfig(TrainConfig.defaults())
                    .writeModel(Map.of("w", RawTensor.ofFloats(new float[]{value}, 1)))
                    .writeTrainState(Map.of("step", RawTensor.ofLongs(new long[]{step})), Map.of("format", "trm4j"))
                    .snapshotMetrics();
            return s.commit();
        }
    }

    @Test
    void commitPublishesAndLatestPicksNewestComplete(@TempDir Path run) throws Exception {
        CheckpointDir dir = new CheckpointDir(run);
        assertTrue(dir.latest().isEmpty());
        save(dir, 5, 1f);
        Path ten = save(dir, 10, 2f);
        assertEquals(run.resolve("step_10"), ten);
        assertEquals(ten, dir.latest().orElseThrow());
        assertEquals(2f, Safetensors.read(ten.resolve(CheckpointDir.MODEL)).get("w").toFloats()[0]);
        assertEquals(TrainConfig.defaults(), TrainConfig.readJson(ten.resolve(CheckpointDir.CONFIG)));
        // a writer that dies mid-way leaves only a hidden temporary folder: latest is unchanged
        CheckpointDir.Staging dead = dir.begin(20);
        dead.writeConfig(TrainConfig.defaults());
        assertEquals(ten, dir.latest().orElseThrow());
        assertEquals(List.of(run.resolve("step_5"), ten), dir.list());
        // a folder named like a checkpoint but without the model is not complete
        Files.createDirectories(run.resolve("step_30"));
        assertEquals(ten, dir.latest().orElseThrow());
        // the next writer removes the leftover
        save(dir, 40, 4f);
        try (var s = Files.list(run)) {
            assertEquals(0, s.filter(p -> p.getFileName().toString().startsWith(".")).count());
        }
        assertEquals(run.resolve("step_40"), CheckpointDir.resolve(run));
        assertEquals(run.resolve("step_40"), CheckpointDir.resolve(run.resolve("latest")));
        assertEquals(run.resolve("step_5"), CheckpointDir.resolve(run.resolve("step_5")));
        assertEquals(40, CheckpointDir.stepOf(run.resolve("step_40")));
    }

    @Test
    void recommitReplacesAndDiscardLeavesNothing(@TempDir Path run) throws Exception {
        CheckpointDir dir = new CheckpointDir(run);
        save(dir, 7, 1f);
        save(dir, 7, 3f);
        assertEquals(3f, Safetensors.read(run.resolve("step_7").resolve(CheckpointDir.MODEL)).get("w").toFloats()[0]);
        try (CheckpointDir.Staging s = dir.begin(8)) {
            s.writeConfig(TrainConfig.defaults());
            assertThrows(IllegalStateException.class, s::commit);   // no model yet
        }
        assertEquals(List.of(run.resolve("step_7")), dir.list());
        try (var s = Files.list(run)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void resolveErrorsNameTheFix(@TempDir Path run) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CheckpointDir.resolve(run));
        assertTrue(e.getMessage().contains("no complete checkpoint"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CheckpointDir.resolve(run.resolve("missing")));
        assertTrue(e.getMessage().contains("no such checkpoint"), e.getMessage());
    }

    @Test
    void metricsSnapshotAndResume(@TempDir Path run) throws Exception {
        CheckpointDir dir = new CheckpointDir(run);
        try (MetricsLog log = new MetricsLog(dir.metricsFile())) {
            log.log(1, Map.of("train/lm_loss", 2.5));
            log.log(2, Map.of("train/lm_loss", 2.25));
            Path ck = save(dir, 2, 0f);
            log.log(3, Map.of("train/lm_loss", Double.NaN));
            assertEquals(3, MetricsLog.read(dir.metricsFile()).size());
            assertTrue(Double.isNaN((Double) MetricsLog.read(dir.metricsFile()).get(2).get("train/lm_loss")));
            String before = Files.readString(ck.resolve(CheckpointDir.METRICS));
            dir.restoreMetrics(ck);
            assertEquals(before, Files.readString(dir.metricsFile()));
        }
        assertEquals(2, MetricsLog.read(dir.metricsFile()).size());
    }
}
