package trm4j.io;

import org.junit.jupiter.api.Test;
import trm4j.testing.SharedFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Every parity model file written by the official code's side (Python safetensors) loads with official names. */
class SafetensorsFixtureTest {

    @Test
    void everyParityModelLoads() throws IOException {
        Path dir = SharedFiles.require("parity");
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".model.safetensors")).sorted().toList();
        }
        assertEquals(4, files.size(), files::toString);
        for (Path f : files) {
            Map<String, RawTensor> t = Safetensors.read(f);
            assertTrue(t.size() >= 14, f + ": " + t.keySet());
            for (var e : t.entrySet()) {
                assertTrue(e.getKey().startsWith("model.inner."), e.getKey());
                assertEquals(DType.F32, e.getValue().dtype(), e.getKey());
                for (float v : e.getValue().toFloats()) assertTrue(Float.isFinite(v), e.getKey());
            }
        }
    }

    @Test
    void c1HasOfficialNamesAndShapes() throws IOException {
        Map<String, RawTensor> t = Safetensors.read(SharedFiles.require("parity/c1_attn_rope_pemb.model.safetensors"));
        assertArrayEquals(new int[]{192, 64}, t.get("model.inner.L_level.layers.0.self_attn.qkv_proj.weight").shape());
        assertArrayEquals(new int[]{6, 64}, t.get("model.inner.embed_tokens.embedding_weight").shape());
        assertArrayEquals(new int[]{5, 64}, t.get("model.inner.puzzle_emb.weights").shape());
        assertArrayEquals(new int[]{64}, t.get("model.inner.H_init").shape());
        assertArrayEquals(new int[]{64, 256}, t.get("model.inner.L_level.layers.1.mlp.down_proj.weight").shape());
    }

    @Test
    void c4HasOfficialInit() throws IOException {
        Map<String, RawTensor> t = Safetensors.read(SharedFiles.require("parity/c4_sudoku_mini_official_init.model.safetensors"));
        for (float v : t.get("model.inner.puzzle_emb.weights").toFloats()) assertEquals(0f, v);
        for (float v : t.get("model.inner.q_head.bias").toFloats()) assertEquals(-5f, v);
        assertArrayEquals(new int[]{512, 20}, t.get("model.inner.L_level.layers.0.mlp_t.gate_up_proj.weight").shape());
    }
}
