package trm4j.api;

import trm4j.model.TrmConfig;
import trm4j.model.TrmModel;
import trm4j.model.TrmWeights;
import trm4j.checkpoint.CheckpointDir;
import trm4j.train.TrainConfig;

import trm4j.data.PuzzleDatasetWriter;
import trm4j.data.sudoku.SudokuGenerator;
import trm4j.data.sudoku.SudokuShape;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

/** Tiny randomly initialised models saved as trm4j checkpoints (step_1 in a run folder), for the solve/eval tests. */
public final class TinyCheckpoints {
    private TinyCheckpoints() {}

    /** Arch keys of a tiny model; {@code seqLen}/{@code vocab}/{@code ids} may be null to leave them to the data set. */
    public static Map<String, Object> arch(Integer seqLen, Integer vocab, Integer ids, int puzzleEmbNdim, int haltMaxSteps) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("hidden_size", 16); a.put("num_heads", 2); a.put("expansion", 2.0); a.put("L_layers", 1);
        a.put("H_cycles", 1); a.put("L_cycles", 1);
        if (seqLen != null) a.put("seq_len", seqLen);
        if (vocab != null) a.put("vocab_size", vocab);
        if (ids != null) a.put("num_puzzle_identifiers", ids);
        a.put("puzzle_emb_ndim", puzzleEmbNdim); a.put("puzzle_emb_len", puzzleEmbNdim == 0 ? 0 : 1);
        a.put("pos_encodings", "rope"); a.put("halt_max_steps", haltMaxSteps); a.put("halt_exploration_prob", 0.0);
        a.put("forward_dtype", "float32");
        return a;
    }

    /**
     * Writes a test split of {@code n} generated 4×4 Sudoku puzzles (tokens = digit + 1, vocab 6, one puzzle per
     * group, identifier 0) to {@code data}; example i is given already solved when {@code solved} says so. The
     * inputs and labels are appended to the two lists.
     */
    public static void sudoku4TestSet(Path data, long seed, int n, IntPredicate solved, List<int[]> inputs,
                                      List<int[]> labels) throws IOException {
        SudokuGenerator gen = new SudokuGenerator(SudokuShape.S4, seed);
        try (PuzzleDatasetWriter w = new PuzzleDatasetWriter(data, 16, 6)) {
            PuzzleDatasetWriter.Split test = w.split("test");
            for (int i = 0; i < n; i++) {
                var p = gen.next();
                int[] in = new int[16], lab = new int[16];
                for (int k = 0; k < 16; k++) { in[k] = p.question()[k] + 1; lab[k] = p.answer()[k] + 1; }
                if (solved.test(i)) in = lab.clone();
                inputs.add(in);
                labels.add(lab);
                test.addExample(in, lab);
                test.endPuzzle(0);
                test.endGroup();
            }
            w.finish(List.of("<blank>"));
        }
    }

    /** Saves a model of {@code full} (complete arch) initialised with {@code seed} under {@code run}, config.json holding {@code stored}. */
    public static Path save(Path run, Map<String, Object> full, Map<String, Object> stored, List<String> dataPaths, long seed,
                            Consumer<TrmModel> adjust) throws IOException {
        TrmModel m = new TrmModel(TrmConfig.fromMap(full, "test"));
        m.initialize(seed);
        if (adjust != null) adjust.accept(m);
        TrainConfig base = TrainConfig.defaults().withArch(stored);
        TrainConfig cfg = new TrainConfig(stored, dataPaths, List.of(), base.evaluators(), 4, base.epochs(), base.lr(),
                base.lrMinRatio(), base.lrWarmupSteps(), base.weightDecay(), base.beta1(), base.beta2(), base.puzzleEmbLr(),
                base.puzzleEmbWeightDecay(), "p", "r", null, null, 0, false, null, null, List.of(), false, base.emaRate(), false, null, 0, 0);
        try (CheckpointDir.Staging s = new CheckpointDir(run).begin(1)) {
            s.writeConfig(cfg);
            s.writeModel(TrmWeights.toTensors(m));
            return s.commit();
        }
    }
}
