package trm4j.data.maze;

import trm4j.data.Dihedral;
import trm4j.data.PuzzleDatasetWriter;

import java.io.IOException;
import java.util.List;

/**
 * One split of a Maze data set in the official layout (dataset/build_maze_dataset.py): every maze is a group; without
 * augmentation a group holds one puzzle of one example, with it 8 puzzles (the dihedral transforms 0..7, identity
 * first) of one example each. All puzzles use identifier 0 ({@code <blank>}).
 *
 * @param inputs             [examples, seqLen] tokens 1..4
 * @param labels             [examples, seqLen] tokens 1..5
 * @param puzzleIdentifiers  [puzzles], all 0
 * @param puzzleIndices      [puzzles + 1] example offsets
 * @param groupIndices       [groups + 1] puzzle offsets
 */
public record MazeSplit(int seqLen, byte[] inputs, byte[] labels, int[] puzzleIdentifiers, int[] puzzleIndices,
                        int[] groupIndices) {

    public int examples() { return puzzleIndices.length - 1; }

    public int groups() { return groupIndices.length - 1; }

    /** Encodes validated rows (see {@link MazeCsv}); {@code aug} adds the 8 dihedral transforms of each maze. */
    public static MazeSplit encode(List<MazeRow> rows, boolean aug) {
        if (rows.isEmpty()) throw new IllegalArgumentException("a maze split needs at least one maze");
        int cells = rows.getFirst().question().length(), side = rows.getFirst().side();
        int perMaze = aug ? Dihedral.COUNT : 1, examples = rows.size() * perMaze;
        byte[] inputs = new byte[examples * cells], labels = new byte[examples * cells];
        int[] ids = new int[examples], puzzleIndices = new int[examples + 1], groupIndices = new int[rows.size() + 1];
        int e = 0;
        for (int g = 0; g < rows.size(); g++) {
            MazeRow r = rows.get(g);
            if (r.question().length() != cells)
                throw new IllegalArgumentException("maze " + g + (r.line() > 0 ? " (line " + r.line() + ")" : "") + " has "
                        + r.question().length() + " cells, the first has " + cells + "; all mazes of a split must be the same size");
            byte[] q = MazeTokens.encode(r.question()), a = MazeTokens.encode(r.answer());
            for (int t = 0; t < perMaze; t++) {
                System.arraycopy(Dihedral.apply(q, side, side, t), 0, inputs, e * cells, cells);
                System.arraycopy(Dihedral.apply(a, side, side, t), 0, labels, e * cells, cells);
                e++;
                puzzleIndices[e] = e;
            }
            groupIndices[g + 1] = e;
        }
        return new MazeSplit(cells, inputs, labels, ids, puzzleIndices, groupIndices);
    }

    /** Adds this split's groups, puzzles and examples to {@code out} (the shared layout writer). */
    void writeTo(PuzzleDatasetWriter.Split out) throws IOException {
        int[] in = new int[seqLen], lab = new int[seqLen];
        for (int g = 0; g < groups(); g++) {
            for (int p = groupIndices[g]; p < groupIndices[g + 1]; p++) {
                for (int e = puzzleIndices[p]; e < puzzleIndices[p + 1]; e++) {
                    for (int t = 0; t < seqLen; t++) { in[t] = inputs[e * seqLen + t]; lab[t] = labels[e * seqLen + t]; }
                    out.addExample(in, lab);
                }
                out.endPuzzle(puzzleIdentifiers[p]);
            }
            out.endGroup();
        }
        // The official maze builder counts groups as puzzles and one example per puzzle.
        out.adjustMetadata(m -> m.withTotalPuzzles(groups()).withMeanPuzzleExamples(1.0));
    }
}
