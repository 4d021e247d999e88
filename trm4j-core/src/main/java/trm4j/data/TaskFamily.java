package trm4j.data;

import trm4j.data.arc.ArcEncoding;
import trm4j.data.maze.MazeTokens;
import trm4j.data.sudoku.SudokuShape;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The task families, each behind one seam: its builder, CSV/JSON reader and tokens ({@code data/sudoku},
 * {@code data/maze}, {@code data/arc}), its metrics ({@code eval/}), its terminal view ({@code cli/view}) — and
 * this: which family a data set or a model is, from the data set's metadata, never from a folder name.
 */
public enum TaskFamily {
    SUDOKU, MAZE, ARC, TOKENS;

    public static TaskFamily parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--task " + s + " is not one of sudoku, maze, arc, tokens");
        }
    }

    /**
     * The family of a model with {@code vocabSize} and {@code seqLen} trained on the data set {@code dataDir} (null
     * or unreadable: the model's shapes alone). ARC: {@code test_puzzles.json} beside the splits, or vocab 12 and
     * seq 900; Sudoku: vocab N+2 and seq N² (N = 4, 6, 9); Maze: vocab 6 and a square seq. The one shape two
     * families share (vocab 6, seq 16: a 4×4 Sudoku or a 4×4 maze) is told by the data set's first label: a
     * maze's holds one start cell, a Sudoku's every digit four times.
     */
    public static TaskFamily detect(int vocabSize, int seqLen, Path dataDir) {
        int v = vocabSize, s = seqLen;
        PuzzleDatasetMetadata meta = dataDir == null ? null : metadata(dataDir);
        if (meta != null) {
            if (Files.isRegularFile(dataDir.resolve("test_puzzles.json")) && meta.seqLen() == ArcEncoding.SEQ_LEN) return ARC;
            v = meta.vocabSize();
            s = meta.seqLen();
        }
        if (v == ArcEncoding.VOCAB_SIZE && s == ArcEncoding.SEQ_LEN) return ARC;
        SudokuShape sh = SudokuShape.ofCellCount(s);
        boolean maze = v == MazeTokens.VOCAB_SIZE && whyNot(MAZE, v, s) == null;
        if (sh != null && v == sh.vocabSize()) return maze && meta != null && firstLabelIsMaze(dataDir, s) ? MAZE : SUDOKU;
        return maze ? MAZE : TOKENS;
    }

    /** Why a model of these shapes cannot be used for {@code family}, or null when it can. */
    public static String whyNot(TaskFamily family, int vocabSize, int seqLen) {
        int v = vocabSize, s = seqLen;
        return switch (family) {
            case SUDOKU -> {
                SudokuShape sh = SudokuShape.ofCellCount(s);
                yield sh == null ? "seq_len " + s + " is not a 4x4, 6x6 or 9x9 Sudoku (16, 36 or 81 cells)"
                        : v < sh.vocabSize() ? "vocab_size " + v + " is smaller than the " + sh.vocabSize() + " tokens of a " + sh.n + "x" + sh.n + " Sudoku" : null;
            }
            case MAZE -> {
                int side = (int) Math.round(Math.sqrt(s));
                yield side * side != s || side < 2 ? "seq_len " + s + " is not a square maze"
                        : v < MazeTokens.VOCAB_SIZE ? "vocab_size " + v + " is smaller than the maze's " + MazeTokens.VOCAB_SIZE : null;
            }
            case ARC -> s != ArcEncoding.SEQ_LEN || v < ArcEncoding.VOCAB_SIZE ? "ARC needs seq_len 900 and vocab_size 12 (got " + s + ", " + v + ")" : null;
            case TOKENS -> null;
        };
    }

    /** The metadata of the data set's test split (else its train split), or null when there is none to read. */
    private static PuzzleDatasetMetadata metadata(Path dataDir) {
        for (String split : new String[]{"test", "train"}) {
            Path f = dataDir.resolve(split).resolve(PuzzleDatasetMetadata.FILE_NAME);
            if (!Files.isRegularFile(f)) continue;
            try {
                return PuzzleDatasetMetadata.read(f);
            } catch (Exception e) {
                return null;   // detection falls back to the model's shapes; loading the data reports the problem
            }
        }
        return null;
    }

    private static boolean firstLabelIsMaze(Path dataDir, int seqLen) {
        for (String split : new String[]{"test", "train"}) {
            if (!Files.isDirectory(dataDir.resolve(split))) continue;
            try (PuzzleDataset d = PuzzleDataset.open(dataDir, split, false)) {
                for (PuzzleSet set : d.sets()) {
                    if (set.numExamples() == 0) continue;
                    int[] label = new int[seqLen];
                    set.readLabels(0, label, 0);
                    int starts = 0;
                    for (int t : label) if (t == MazeTokens.token(MazeTokens.START_CHAR)) starts++;
                    return starts == 1;
                }
            } catch (Exception e) {
                return false;
            }
        }
        return false;
    }
}
