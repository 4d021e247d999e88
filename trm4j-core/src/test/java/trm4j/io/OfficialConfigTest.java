package trm4j.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class OfficialConfigTest {
    @TempDir Path dir;

    @Test
    void readsArchAndTrainingKeys() throws IOException {
        Path f = dir.resolve("all_config.yaml");
        Files.writeString(f, """
                arch:
                  H_cycles: 3
                  L_cycles: 6
                  expansion: 2.5
                  loss:
                    loss_type: stablemax_cross_entropy
                  mlp_t: true
                  pos_encodings: none
                data_paths:
                - data/sudoku-extreme-1k-aug-1000
                ema: true
                load_checkpoint: null
                lr: 0.0001
                """);
        Map<String, Object> c = OfficialConfig.read(f);
        assertEquals(List.of("arch", "data_paths", "ema", "load_checkpoint", "lr"), List.copyOf(c.keySet()));
        assertEquals(1e-4, (Double) c.get("lr"));
        assertNull(c.get("load_checkpoint"));
        Map<String, Object> a = OfficialConfig.arch(c);
        assertEquals(3, a.get("H_cycles"));
        assertEquals(2.5, a.get("expansion"));
        assertEquals(Boolean.TRUE, a.get("mlp_t"));
        assertEquals("none", a.get("pos_encodings"));
    }

    @Test
    void rejectsBrokenAndHostileYaml() throws IOException {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, "arch:\n  H_cycles: [1, 2\nlr: 3\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OfficialConfig.read(f));
        assertTrue(e.getMessage().startsWith(f + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("bad YAML"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());

        Files.writeString(f, "arch: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[]]]\n");
        assertThrows(IllegalArgumentException.class, () -> OfficialConfig.read(f));

        Files.writeString(f, "lr: 1\n");
        e = assertThrows(IllegalArgumentException.class, () -> OfficialConfig.readArch(f));
        assertTrue(e.getMessage().contains("no 'arch' block"), e.getMessage());
    }
}
