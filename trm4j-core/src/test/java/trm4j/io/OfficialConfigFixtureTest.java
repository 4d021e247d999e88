package trm4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import trm4j.testing.SharedFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Each fixture all_config.yaml carries the arch values of its parity config (forward_dtype left at bfloat16). */
class OfficialConfigFixtureTest {

    @Test
    void archMatchesParityConfig() throws IOException {
        Path dir = SharedFiles.require("torch-ckpt");
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".all_config.yaml")).sorted().toList();
        }
        assertEquals(4, files.size());
        for (Path f : files) {
            String name = f.getFileName().toString().replace(".all_config.yaml", "");
            Map<String, Object> all = OfficialConfig.read(f);
            Map<String, Object> arch = OfficialConfig.arch(all);
            JsonNode want = new ObjectMapper().readTree(SharedFiles.require("parity/" + name + ".json").toFile()).get("arch_config");
            for (String k : List.of("H_cycles", "L_cycles", "L_layers", "hidden_size", "num_heads", "puzzle_emb_ndim",
                    "puzzle_emb_len", "halt_max_steps")) {
                assertEquals(want.get(k).asInt(), ((Number) arch.get(k)).intValue(), name + ": " + k);
            }
            assertEquals(want.get("expansion").asDouble(), ((Number) arch.get("expansion")).doubleValue(), name);
            assertEquals(want.get("halt_exploration_prob").asDouble(), ((Number) arch.get("halt_exploration_prob")).doubleValue(), name);
            assertEquals(want.get("mlp_t").asBoolean(), arch.get("mlp_t"), name);
            assertEquals(want.get("pos_encodings").asText(), arch.get("pos_encodings"), name);
            assertEquals("bfloat16", arch.get("forward_dtype"), name);
            assertEquals(name, all.get("run_name"));
            assertEquals(want.get("batch_size").asInt(), ((Number) all.get("global_batch_size")).intValue(), name);
        }
    }
}
