package trm4j.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trm4j.api.TinyCheckpoints;
import trm4j.io.RawTensor;
import trm4j.model.Act;
import trm4j.model.TrmConfig;
import trm4j.model.TrmModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The training-state format: what is written reads back, under the names and shapes of the format; damage is named. */
class TrainStateTest {
    @TempDir Path dir;

    static final int B = 3, L = 4;

    static TrmConfig arch() { return TrmConfig.fromMap(TinyCheckpoints.arch(L, 5, 7, 16, 4), "test"); }

    /** A carry after one training-free step, so that every field holds something. */
    static Act.Carry carry(TrmModel m) {
        Act act = new Act(m, B);
        Act.Carry c = act.initialCarry();
        int[] inputs = new int[B * L], labels = new int[B * L];
        for (int i = 0; i < inputs.length; i++) { inputs[i] = 1 + i % 4; labels[i] = i % 3 == 0 ? -100 : 2; }
        act.step(c, inputs, labels, new int[]{6, 0, 3}, false, null);
        c.halted[1] = true;
        return c;
    }

    @Test
    void roundTripsEveryField() throws Exception {
        TrmConfig arch = arch();
        TrmModel m = new TrmModel(arch);
        m.initialize(1);
        Act.Carry c = carry(m);
        Map<String, RawTensor> weights = new LinkedHashMap<>();
        m.params().values().forEach(p -> weights.put(p.name, RawTensor.ofFloats(p.value, p.shape())));
        TrainState st = new TrainState(weights, Map.of("x.m", RawTensor.ofFloats(new float[]{1f}, 1)), null, c,
                new long[]{1, 2, 3}, new long[]{4, 5, 6, 7}, null, 12, 2);
        Path ck;
        try (CheckpointDir.Staging s = new CheckpointDir(dir).begin(12)) {
            s.writeText(CheckpointDir.CONFIG, "{}").writeModel(weights);
            st.write(s);
            ck = s.commit();
        }
        TrainState back = TrainState.decode(TrainState.read(ck), arch, B, false, false);
        assertEquals(12, back.step());
        assertEquals(2, back.iteration());
        assertArrayEquals(new long[]{4, 5, 6, 7}, back.explorationRng());
        assertNull(back.ema());
        assertNull(back.augmentRng());
        assertEquals(weights.keySet(), back.model().keySet());
        assertEquals(List.of("x.m"), List.copyOf(back.adam().keySet()));
        Act.Carry d = back.carry();
        assertArrayEquals(c.zH, d.zH);
        assertArrayEquals(c.zL, d.zL);
        assertArrayEquals(c.steps, d.steps);
        assertArrayEquals(c.halted, d.halted);
        assertArrayEquals(c.inputs, d.inputs);
        assertArrayEquals(c.labels, d.labels);
        assertArrayEquals(c.puzzleIdentifiers, d.puzzleIdentifiers);
        assertEquals(List.of("z_H", "z_L", "steps", "halted", "inputs", "labels", "puzzle_identifiers"),
                List.copyOf(c.toTensors().keySet()), "the carry under the official names");
    }

    @Test
    void namesWhatIsMissingOrWrong() throws Exception {
        TrmConfig arch = arch();
        TrmModel m = new TrmModel(arch);
        Map<String, RawTensor> t = new LinkedHashMap<>();
        carry(m).toTensors().forEach((k, v) -> t.put("carry." + k, v));
        Path f = dir.resolve(CheckpointDir.TRAIN_STATE);
        String missing = assertThrows(IllegalArgumentException.class, () -> TrainState.decode(
                new TrainState.File(f, t, Map.of("format", TrainState.FORMAT)), arch, B, false, false)).getMessage();
        assertTrue(missing.contains("no tensor 'sampler'"), missing);
        String shape = assertThrows(IllegalArgumentException.class, () -> TrainState.decode(
                new TrainState.File(f, t, Map.of("format", TrainState.FORMAT)), arch, B + 1, false, false)).getMessage();
        assertTrue(shape.contains("'carry.z_H' has shape [3, "), shape);
        String format = assertThrows(IllegalArgumentException.class, () -> TrainState.decode(
                new TrainState.File(f, t, Map.of()), arch, B, false, false)).getMessage();
        assertTrue(format.contains("not a trm4j training state"), format);
        Files.createDirectories(dir.resolve("step_1"));
        String none = assertThrows(IllegalArgumentException.class, () -> TrainState.read(dir.resolve("step_1"))).getMessage();
        assertTrue(none.contains("weights-only checkpoint"), none);
    }

    @Test
    void configBesideIsOneRule() throws Exception {
        Path official = Files.writeString(dir.resolve("run.step_5"), "x");
        assertNull(Checkpoints.configBeside(official));
        Path named = Files.writeString(dir.resolve("run.all_config.yaml"), "arch: {}\n");
        assertEquals(named, Checkpoints.configBeside(official));
        assertNull(Checkpoints.configBeside(official, false), "convert takes only the official name");
        Path plain = Files.writeString(dir.resolve("all_config.yaml"), "arch: {}\n");
        assertEquals(plain, Checkpoints.configBeside(official, false));
        assertEquals(plain, Checkpoints.configBeside(dir), "a folder without checkpoints: its all_config.yaml");
        Path ck;
        try (CheckpointDir.Staging s = new CheckpointDir(dir).begin(3)) {
            ck = s.writeText(CheckpointDir.CONFIG, "{}").writeModel(Map.of()).commit();
        }
        assertEquals(ck.resolve(CheckpointDir.CONFIG), Checkpoints.configBeside(dir), "a run folder: its latest checkpoint's");
        assertEquals(ck.resolve(CheckpointDir.CONFIG), Checkpoints.configBeside(ck));
        assertEquals(ck.resolve(CheckpointDir.CONFIG), Checkpoints.configBeside(ck.resolve(CheckpointDir.MODEL)));
    }
}
