package trm4j.serve;

import com.fasterxml.jackson.databind.node.ObjectNode;
import trm4j.checkpoint.LoadedCheckpoint;
import trm4j.api.Trm;
import trm4j.cli.view.SolutionJson;
import trm4j.data.TaskFamily;
import trm4j.data.sudoku.SudokuShape;
import trm4j.model.TrmConfig;

import java.util.Locale;

/**
 * A model the server can solve with.
 *
 * @param id   what requests name it by
 * @param name what the page shows
 * @param kind the puzzles it takes (from its data set or its shape, as {@code trm solve} decides)
 */
record ServedModel(String id, String name, Trm trm, TaskFamily kind) {
    static ServedModel of(String id, String name, LoadedCheckpoint ck) {
        return new ServedModel(id, name, new Trm(ck), TaskFamily.detect(ck.config().vocab_size(), ck.config().seq_len(), ck.dataDir()));
    }

    /** What GET /api/models says about it. */
    ObjectNode describe() {
        TrmConfig c = trm.config();
        ObjectNode o = SolutionJson.JSON.createObjectNode();
        o.put("id", id);
        o.put("name", name);
        o.put("source", String.valueOf(trm.checkpoint().source()));
        o.put("task", kind.name().toLowerCase(Locale.ROOT));
        o.put("seq_len", c.seq_len());
        o.put("vocab_size", c.vocab_size());
        o.put("halt_max_steps", c.halt_max_steps());
        switch (kind) {
            case SUDOKU -> o.put("size", SudokuShape.ofCellCount(c.seq_len()).n);
            case MAZE -> o.put("size", (int) Math.round(Math.sqrt(c.seq_len())));
            case ARC, TOKENS -> { }
        }
        return o;
    }
}
