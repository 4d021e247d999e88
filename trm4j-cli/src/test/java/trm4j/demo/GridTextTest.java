package trm4j.demo;

import org.junit.jupiter.api.Test;
import trm4j.data.sudoku.SudokuShape;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class GridTextTest {
    @Test
    void drawsBoxesAndMarksWrongCells() {
        SudokuShape s = SudokuShape.S4;
        byte[] solution = {1, 2, 3, 4, 3, 4, 1, 2, 2, 1, 4, 3, 4, 3, 2, 1};
        byte[] guess = solution.clone();
        guess[0] = 2;
        guess[15] = 0;
        List<String> lines = GridText.lines(s, guess, solution);
        assertEquals(List.of("*2 2 | 3 4", " 3 4 | 1 2", "-----+----", " 2 1 | 4 3", " 4 3 | 2*."), lines);
        String two = GridText.sideBySide(List.of("a", "step 1"), List.of(lines, GridText.lines(s, solution, null)));
        assertEquals("a            step 1", two.lines().findFirst().orElseThrow());
        assertEquals(" 4 3 | 2*.    4 3 | 2 1", two.lines().toList().getLast());
    }

    @Test
    void sixBySixUsesTwoByThreeBoxes() {
        byte[] g = new byte[36];
        List<String> lines = GridText.lines(SudokuShape.S6, g, null);
        assertEquals(8, lines.size());
        assertEquals(" . . . | . . .", lines.get(0));
        assertEquals("-------+------", lines.get(2));
    }
}
