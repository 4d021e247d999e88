package trm4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import trm4j.io.RawTensor;
import trm4j.io.Safetensors;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;
import static trm4j.cli.CliRun.run;

class InspectCommandTest {
    @TempDir Path dir;

    @Test
    void listsSafetensors() throws IOException {
        Path f = dir.resolve("m.safetensors");
        Map<String, RawTensor> m = new LinkedHashMap<>();
        m.put("model.inner.H_init", RawTensor.ofBf16(new float[4], 4));
        m.put("model.inner.lm_head.weight", RawTensor.ofFloats(new float[12], 3, 4));
        Safetensors.write(f, m, Map.of("format", "pt"));
        String[] r = run("inspect", f.toString());
        assertEquals("0", r[0], r[2]);
        String[] lines = r[1].split("\\R");
        assertEquals("model.inner.H_init          BF16  [4]", lines[0]);
        assertEquals("model.inner.lm_head.weight  F32   [3, 4]", lines[1]);
        assertEquals("metadata format = pt", lines[2]);
        assertTrue(lines[3].startsWith("2 tensors, 16 elements"), lines[3]);
    }

    @Test
    void reportsBadFilesInOneLine() throws IOException {
        Path f = dir.resolve("x.pt");
        Files.writeString(f, "not a checkpoint");
        String[] r = run("inspect", f.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].startsWith("trm: " + f), r[2]);
        assertEquals(1, r[2].strip().lines().count(), r[2]);
        assertEquals("2", run("inspect", dir.resolve("absent.safetensors").toString())[0]);
    }
}
