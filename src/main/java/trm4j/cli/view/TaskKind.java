package trm4j.cli.view;

import trm4j.data.maze.MazeTokens;
import trm4j.data.arc.ArcEncoding;
import trm4j.data.sudoku.SudokuShape;
import trm4j.model.TrmConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The kind of puzzle a model solves, which decides how puzzles are read, drawn and judged. */
public enum TaskKind {
    SUDOKU, MAZE, ARC, TOKENS;

    public static TaskKind parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--task " + s + " is not one of sudoku, maze, arc, tokens");
        }
    }

    /**
     * From the data set when it is known (test_puzzles.json means ARC; a folder named *maze* or *sudoku*), else from
     * the shapes: vocab 12 and seq 900 ARC, N+2 and N² (N = 4, 6, 9) Sudoku, vocab 6 and a square seq Maze.
     */
    public static TaskKind detect(TrmConfig c, Path dataDir) {
        int v = c.vocab_size(), s = c.seq_len();
        if (dataDir != null) {
            if (Files.isRegularFile(dataDir.resolve("test_puzzles.json")) && s == ArcEncoding.SEQ_LEN) return ARC;
            String name = String.valueOf(dataDir.toAbsolutePath().normalize().getFileName()).toLowerCase(Locale.ROOT);
            if (name.contains("maze") && fits(MAZE, c)) return MAZE;
            if (name.contains("sudoku") && fits(SUDOKU, c)) return SUDOKU;
        }
        if (v == ArcEncoding.VOCAB_SIZE && s == ArcEncoding.SEQ_LEN) return ARC;
        SudokuShape sh = SudokuShape.ofCellCount(s);
        if (sh != null && v == sh.vocabSize()) return SUDOKU;
        if (v == MazeTokens.VOCAB_SIZE && fits(MAZE, c)) return MAZE;
        return TOKENS;
    }

    /** Whether a model of this shape can be used for the task; null when it can, else why not. */
    public static boolean fits(TaskKind k, TrmConfig c) { return whyNot(k, c) == null; }

    public static String whyNot(TaskKind k, TrmConfig c) {
        int v = c.vocab_size(), s = c.seq_len();
        return switch (k) {
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

    /** The view of a non-ARC task for this model. */
    public PuzzleView view(TrmConfig c, Ansi ansi) {
        return switch (this) {
            case SUDOKU -> new SudokuView(SudokuShape.ofCellCount(c.seq_len()), ansi);
            case MAZE -> new MazeView((int) Math.round(Math.sqrt(c.seq_len())), ansi);
            case TOKENS -> new TokenView(c.seq_len(), c.vocab_size(), ansi);
            case ARC -> throw new IllegalStateException("ARC tasks are drawn by ArcView");
        };
    }
}
