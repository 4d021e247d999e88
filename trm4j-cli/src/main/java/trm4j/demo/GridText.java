package trm4j.demo;

import trm4j.data.sudoku.SudokuShape;

import java.util.List;

/**
 * Plain-text Sudoku grids, several side by side, two characters per cell: the digit, preceded by {@code *}
 * where it differs from the solution, {@code .} for a blank. Box borders follow the shape (2×3 boxes for 6×6).
 */
public final class GridText {
    private GridText() {}

    /** Lines of one grid; {@code solution} may be null (no marks). */
    public static List<String> lines(SudokuShape shape, byte[] grid, byte[] solution) {
        return shape.draw("", i -> (solution != null && grid[i] != solution[i] ? "*" : " ")
                + (grid[i] == 0 ? '.' : Character.forDigit(grid[i], 10)), " |", shape.rule("-+"));
    }

    /** Grids side by side under their captions, separated by three spaces. */
    public static String sideBySide(List<String> captions, List<List<String>> grids) {
        int width = 0;
        for (List<String> g : grids) for (String l : g) width = Math.max(width, l.length());
        for (String c : captions) width = Math.max(width, c.length());
        int rows = 0;
        for (List<String> g : grids) rows = Math.max(rows, g.size());
        StringBuilder b = new StringBuilder();
        for (int r = -1; r < rows; r++) {
            StringBuilder line = new StringBuilder();
            for (int k = 0; k < grids.size(); k++) {
                String cell = r < 0 ? captions.get(k) : r < grids.get(k).size() ? grids.get(k).get(r) : "";
                line.append(cell).append(" ".repeat(width - cell.length() + (k + 1 < grids.size() ? 3 : 0)));
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }
}
