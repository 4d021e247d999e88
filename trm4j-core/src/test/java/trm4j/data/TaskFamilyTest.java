package trm4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trm4j.data.maze.MazeDatasets;
import trm4j.data.sudoku.SudokuDatasets;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class TaskFamilyTest {
    @TempDir Path dir;

    @Test
    void fromTheDataSetNotItsFolderName() throws Exception {
        // both 4x4 families share vocab 6 and seq 16; the folder names lie on purpose
        Path maze = dir.resolve("sudoku-4x4"), sudoku = dir.resolve("maze-4x4");
        MazeDatasets.generate(maze, 4, 3, 2, 1, false, 1);
        SudokuDatasets.generate(sudoku, 4, 3, 2, 0, 0, 1);
        assertEquals(TaskFamily.MAZE, TaskFamily.detect(6, 16, maze));
        assertEquals(TaskFamily.SUDOKU, TaskFamily.detect(6, 16, sudoku));
        assertEquals(TaskFamily.SUDOKU, TaskFamily.detect(6, 16, null), "the model alone: the Sudoku reading");
        assertEquals(TaskFamily.SUDOKU, TaskFamily.detect(6, 16, dir.resolve("absent")));
        assertEquals(TaskFamily.MAZE, TaskFamily.detect(6, 900, null));
        assertEquals(TaskFamily.ARC, TaskFamily.detect(12, 900, null));
        assertEquals(TaskFamily.SUDOKU, TaskFamily.detect(11, 81, null));
        assertEquals(TaskFamily.TOKENS, TaskFamily.detect(7, 10, null));
        Files.writeString(maze.resolve("test_puzzles.json"), "{}");
        assertEquals(TaskFamily.MAZE, TaskFamily.detect(6, 16, maze), "test_puzzles.json only means ARC beside 900-token data");
    }

    @Test
    void whyNotAndParse() {
        assertNull(TaskFamily.whyNot(TaskFamily.SUDOKU, 11, 81));
        assertNotNull(TaskFamily.whyNot(TaskFamily.ARC, 11, 81));
        assertEquals(TaskFamily.MAZE, TaskFamily.parse("Maze"));
        assertThrows(IllegalArgumentException.class, () -> TaskFamily.parse("chess"));
    }
}
