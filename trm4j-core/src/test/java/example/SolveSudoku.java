package example;

import java.nio.file.Path;
import trm4j.api.Solution;
import trm4j.api.Trm;
import trm4j.data.sudoku.SudokuShape;

/** java example.SolveSudoku CHECKPOINT PUZZLE: loads the checkpoint and solves the Sudoku (one line, 16, 36 or 81 cells). */
public class SolveSudoku {
    public static void main(String[] args) throws Exception {
        Trm trm = Trm.load(Path.of(args[0]));                       // a run folder (its latest step_N), a step_N or an official .pt
        SudokuShape shape = SudokuShape.ofCellCount(trm.seqLen());  // 4x4, 6x6 or 9x9, from the model's sequence length
        int[] tokens = shape.parseTokens(args[1], "puzzle");        // one line, '.' or '0' for a blank
        Solution s = trm.solve(tokens, 0, true);                    // ACT steps until the model halts (q_halt > 0)
        System.out.printf("%s after %d steps (halting confidence %.2f)%n",
                shape.formatTokens(s.answer()), s.steps().size(), s.last().haltProbability());
    }
}
