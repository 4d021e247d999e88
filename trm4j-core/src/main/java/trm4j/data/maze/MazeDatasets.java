package trm4j.data.maze;

import trm4j.data.PuzzleDatasetWriter;
import trm4j.data.PuzzleIdentifiers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Maze data sets in the official layout ({@code <out>/train}, {@code <out>/test}, {@code <out>/identifiers.json}):
 * built from the official CSV files, or generated without any download. As in the official builder, augmentation
 * (the 8 dihedral transforms) applies to the training split only.
 */
public final class MazeDatasets {
    private MazeDatasets() {}

    /** What a build produced. */
    public record Summary(MazeSplit train, MazeSplit test, PathLengthStats pathLengths, MazeGenerator.Stats generator) {}

    /** Builds {@code out} from {@code csvDir/train.csv} and {@code csvDir/test.csv} (the official file names). */
    public static Summary build(Path csvDir, Path out, boolean aug) throws IOException {
        List<MazeRow> train = MazeCsv.read(csvDir.resolve("train.csv"));
        List<MazeRow> test = MazeCsv.read(csvDir.resolve("test.csv"));
        if (train.getFirst().question().length() != test.getFirst().question().length())
            throw new IllegalArgumentException(csvDir.resolve("test.csv") + ": mazes are " + test.getFirst().side() + "×"
                    + test.getFirst().side() + " but train.csv has " + train.getFirst().side() + "×" + train.getFirst().side());
        return write(out, train, test, aug, null);
    }

    /**
     * Generates {@code nTrain + nTest} distinct mazes with {@link MazeGenerator.Options#defaults} (grow method, unique
     * shortest path longer than {@code minPath} moves), the first nTrain for training, and writes the official layout.
     */
    public static Summary generate(Path out, int size, int nTrain, int nTest, int minPath, boolean aug, long seed)
            throws IOException {
        if (nTrain < 1 || nTest < 1)
            throw new IllegalArgumentException("need at least one training and one test maze, got " + nTrain + " and " + nTest);
        MazeGenerator gen = new MazeGenerator(MazeGenerator.Options.defaults(size, minPath), seed);
        List<MazeRow> all = gen.generate(nTrain + nTest, List.of());
        return write(out, all.subList(0, nTrain), all.subList(nTrain, all.size()), aug, gen.stats());
    }

    /** Writes already generated (or read) rows as the official layout. */
    public static Summary writeGenerated(Path out, List<MazeRow> train, List<MazeRow> test, boolean aug) throws IOException {
        return write(out, train, test, aug, null);
    }

    private static Summary write(Path out, List<MazeRow> train, List<MazeRow> test, boolean aug,
                                 MazeGenerator.Stats stats) throws IOException {
        MazeSplit trainSplit = MazeSplit.encode(train, aug), testSplit = MazeSplit.encode(test, false);
        // One writer for the whole folder: it appears complete or not at all.
        try (PuzzleDatasetWriter w = new PuzzleDatasetWriter(out, trainSplit.seqLen(), MazeTokens.VOCAB_SIZE)) {
            trainSplit.writeTo(w.split("train"));
            testSplit.writeTo(w.split("test"));
            w.finish(List.of(PuzzleIdentifiers.BLANK));
        }
        PathLengthStats lengths = new PathLengthStats();
        for (List<MazeRow> rows : List.of(train, test)) for (MazeRow r : rows) lengths.add(PathLengthStats.shortestMoves(r));
        return new Summary(trainSplit, testSplit, lengths, stats);
    }
}
