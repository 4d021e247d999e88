package trm4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trm4j.api.Solution;
import trm4j.api.Trm;
import trm4j.cli.view.Ansi;
import trm4j.cli.view.PuzzleView;
import trm4j.data.TaskFamily;
import trm4j.testing.SharedFiles;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static trm4j.serve.ServeApiTest.*;

/** An official torch.save checkpoint (with its all_config.yaml beside it) served and solved as the library solves it. */
class ServeOfficialCheckpointFixtureTest {
    @TempDir Path tmp;

    @Test
    void officialSudokuCheckpointSolvesThroughTheApi() throws Exception {
        Path ck = SharedFiles.require("torch-ckpt").resolve("c4_sudoku_mini_official_init.step_100");
        Trm trm = Trm.load(ck);
        TaskFamily kind = TaskFamily.detect(trm.config().vocab_size(), trm.config().seq_len(), trm.checkpoint().dataDir());
        assertEquals(TaskFamily.SUDOKU, kind, "the c4 fixture is a Sudoku miniature");
        try (TrmServer s = TrmServer.start(new TrmServer.Config("127.0.0.1", 0, List.of(ck), tmp, 1, 4, 4096, 1))) {
            JsonNode m = get(s, "/api/models").body().get(0);
            assertEquals("c4_sudoku_mini_official_init.step_100", m.get("id").asText());
            assertEquals("sudoku", m.get("task").asText());
            assertEquals(trm.seqLen(), m.get("seq_len").asInt());
            PuzzleView view = PuzzleView.of(kind, trm.config(), new Ansi(false));
            String puzzle = trm.seqLen() == 16 ? "1..4....2..3...." : ".".repeat(trm.seqLen());
            Reply r = post(s, "/api/solve", solveBody(m.get("id").asText(), puzzle));
            assertEquals(200, r.status(), r.body().toString());
            Solution want = trm.solve(view.parse(puzzle, "p"));
            assertEquals(want.steps().size(), r.body().get("steps").size());
            for (int i = 0; i < want.steps().size(); i++) {
                assertEquals(view.format(want.steps().get(i).prediction()), r.body().get("steps").get(i).get("answer").asText());
                assertEquals(want.steps().get(i).qHaltLogit(), (float) r.body().get("steps").get(i).get("q_halt_logit").asDouble(), 0f);
            }
        }
    }
}
