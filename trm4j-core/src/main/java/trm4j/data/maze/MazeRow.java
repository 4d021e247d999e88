package trm4j.data.maze;

/**
 * One maze of a Maze-Hard CSV ({@code source,question,answer,rating}): question and answer are row-major grids over
 * {@code "# SGo"} of side×side characters; {@code line} is the 1-based line in the file (0 when generated in memory).
 */
public record MazeRow(String source, String question, String answer, String rating, int line) {
    public int side() { return (int) Math.round(Math.sqrt(question.length())); }
}
