package trm4j.io;

import org.junit.jupiter.api.Test;
import trm4j.testing.SharedFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The torch.save files written by the official code (shared/torch-ckpt, see its README) hold the parity weights:
 * float32 tensors bit-identical, H_init/L_init rounded to bfloat16 (nearest-even).
 */
class TorchCheckpointFixtureTest {

    private static String configOf(String file) {
        return file.substring(0, file.indexOf('.'));
    }

    @Test
    void everyCheckpointEqualsItsParityWeights() throws IOException {
        Path dir = SharedFiles.require("torch-ckpt");
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.filter(p -> !p.toString().endsWith(".yaml") && !p.toString().endsWith(".md")).sorted().toList();
        }
        assertEquals(7, files.size(), files::toString);
        for (Path f : files) {
            String name = f.getFileName().toString();
            Map<String, RawTensor> raw = TorchCheckpoint.read(f);
            boolean compiled = !name.contains("nocompile");
            for (String k : raw.keySet()) assertEquals(compiled, k.startsWith("_orig_mod."), name + ": " + k);
            Map<String, RawTensor> got = TorchCheckpoint.stripCompilePrefix(raw);
            Map<String, RawTensor> want = Safetensors.read(SharedFiles.require("parity/" + configOf(name) + ".model.safetensors"));
            // The RoPE tables are non-persistent buffers: in the parity file, never in a state dict.
            Set<String> persistent = new HashSet<>(want.keySet());
            persistent.removeIf(k -> k.contains("rotary_emb."));
            assertEquals(persistent, got.keySet(), name);
            assertEquals("model.inner.H_init", got.keySet().iterator().next(), name + ": state-dict order");
            for (var e : want.entrySet()) {
                String k = e.getKey();
                if (!persistent.contains(k)) continue;
                RawTensor w = e.getValue(), g = got.get(k);
                assertArrayEquals(w.shape(), g.shape(), name + ": " + k);
                if (k.endsWith("H_init") || k.endsWith("L_init")) {
                    assertEquals(DType.BF16, g.dtype(), name + ": " + k);
                    float[] wf = w.toFloats();
                    ByteBuffer gb = g.data();
                    for (int i = 0; i < wf.length; i++)
                        assertEquals(RawTensor.bf16Bits(wf[i]), gb.getShort(gb.position() + 2 * i) & 0xffff, name + ": " + k + "[" + i + "]");
                } else {
                    assertEquals(DType.F32, g.dtype(), name + ": " + k);
                    assertEquals(w.data(), g.data(), name + ": " + k + " bytes differ");
                }
            }
        }
    }

    @Test
    void c1ZipTensorsAreMappedNotCopied() throws IOException {
        Map<String, RawTensor> t = TorchCheckpoint.read(SharedFiles.require("torch-ckpt/c1_attn_rope_pemb.step_100"));
        RawTensor q = t.get("_orig_mod.model.inner.L_level.layers.0.self_attn.qkv_proj.weight");
        assertArrayEquals(new int[]{192, 64}, q.shape());
        assertTrue(q.data().isDirect(), "contiguous tensors should be slices of the file mapping");
        assertEquals(15, t.size());
    }
}
