package trm4j.data.maze;

import trm4j.data.Dihedral;
import trm4j.data.PuzzleDatasetMetadata;
import trm4j.io.DType;
import trm4j.io.Npy;
import trm4j.io.RawTensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** The official metadata: vocab 6, PAD 0, ignore_label_id 0, one identifier, total_puzzles = groups. */
    public PuzzleDatasetMetadata metadata() {
        return new PuzzleDatasetMetadata(MazeTokens.PAD, 0, 0, MazeTokens.VOCAB_SIZE, seqLen, 1, groups(), 1.0, groups(),
                List.of("all"));
    }

    /** Writes {@code dir/dataset.json} and {@code dir/all__*.npy}, each file atomically. */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        int n = examples();
        Npy.write(dir.resolve("all__inputs.npy"), new RawTensor(DType.U8, new int[]{n, seqLen}, ByteBuffer.wrap(inputs)));
        Npy.write(dir.resolve("all__labels.npy"), new RawTensor(DType.U8, new int[]{n, seqLen}, ByteBuffer.wrap(labels)));
        Npy.write(dir.resolve("all__group_indices.npy"), RawTensor.ofInts(groupIndices, groupIndices.length));
        Npy.write(dir.resolve("all__puzzle_indices.npy"), RawTensor.ofInts(puzzleIndices, puzzleIndices.length));
        Npy.write(dir.resolve("all__puzzle_identifiers.npy"), RawTensor.ofInts(puzzleIdentifiers, puzzleIdentifiers.length));
        metadata().write(dir.resolve(PuzzleDatasetMetadata.FILE_NAME));
    }
}
