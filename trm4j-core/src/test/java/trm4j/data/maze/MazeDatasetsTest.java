package trm4j.data.maze;

import trm4j.data.Dihedral;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trm4j.data.PuzzleDatasetMetadata;
import trm4j.data.PuzzleIdentifiers;
import trm4j.eval.MazeMetrics;
import trm4j.io.DType;
import trm4j.io.Npy;
import trm4j.io.RawTensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class MazeDatasetsTest {
    @TempDir Path dir;

    private static byte[] bytes(RawTensor t) {
        byte[] b = new byte[t.data().remaining()];
        t.data().duplicate().get(b);
        return b;
    }

    @Test
    void generatedLayoutLoadsWithOfficialShapesAndAugmentation() throws IOException {
        int side = 8, nTrain = 5, nTest = 3;
        Path out = dir.resolve("maze-8");
        MazeDatasets.Summary s = MazeDatasets.generate(out, side, nTrain, nTest, 12, true, 9);
        assertEquals(nTrain + nTest, s.pathLengths().count());

        assertEquals(List.of("<blank>"), PuzzleIdentifiers.read(out.resolve("identifiers.json")));
        PuzzleDatasetMetadata train = PuzzleDatasetMetadata.read(out.resolve("train/dataset.json"));
        assertEquals(new PuzzleDatasetMetadata(0, 0, 0, 6, 64, 1, nTrain, 1.0, nTrain, List.of("all")), train);
        PuzzleDatasetMetadata test = PuzzleDatasetMetadata.read(out.resolve("test/dataset.json"));
        assertEquals(nTest, test.totalGroups());

        RawTensor inputs = Npy.read(out.resolve("train/all__inputs.npy"));
        RawTensor labels = Npy.read(out.resolve("train/all__labels.npy"));
        assertEquals(DType.U8, inputs.dtype());
        assertArrayEquals(new int[]{nTrain * 8, 64}, inputs.shape());
        assertArrayEquals(new int[]{nTrain * 8, 64}, labels.shape());
        RawTensor groups = Npy.read(out.resolve("train/all__group_indices.npy"));
        RawTensor puzzles = Npy.read(out.resolve("train/all__puzzle_indices.npy"));
        RawTensor ids = Npy.read(out.resolve("train/all__puzzle_identifiers.npy"));
        assertEquals(DType.I32, groups.dtype());
        assertArrayEquals(new int[]{0, 8, 16, 24, 32, 40}, groups.toInts());
        int[] p = puzzles.toInts();
        assertEquals(nTrain * 8 + 1, p.length);
        for (int i = 0; i < p.length; i++) assertEquals(i, p[i]);
        assertArrayEquals(new int[nTrain * 8], ids.toInts());

        // Each group holds transforms 0..7 of one maze: undoing transform t gives back transform 0, and every
        // augmented label is still a valid optimal path of its augmented input.
        byte[] in = bytes(inputs), lab = bytes(labels);
        int[] inInts = new int[in.length], labInts = new int[lab.length];
        for (int i = 0; i < in.length; i++) { inInts[i] = in[i]; labInts[i] = lab[i]; }
        for (int g = 0; g < nTrain; g++) {
            byte[] original = java.util.Arrays.copyOfRange(in, g * 8 * 64, g * 8 * 64 + 64);
            for (int t = 0; t < 8; t++) {
                int e = g * 8 + t;
                byte[] x = java.util.Arrays.copyOfRange(in, e * 64, e * 64 + 64);
                assertArrayEquals(original, Dihedral.apply(x, side, side, Dihedral.inverse(t)), "group " + g + " transform " + t);
            }
        }
        MazeMetrics m = new MazeMetrics();
        m.add(labInts, inInts, labInts, nTrain * 8, 64);
        assertEquals(1.0, m.validOptimalRate());

        // Test split: never augmented.
        assertArrayEquals(new int[]{nTest, 64}, Npy.read(out.resolve("test/all__inputs.npy")).shape());
        for (byte b : bytes(Npy.read(out.resolve("test/all__inputs.npy")))) assertTrue(b >= 1 && b <= 4);
    }

    @Test
    void buildsFromCsvDirectoryWithoutAugmentation() throws IOException {
        var gen = new MazeGenerator(MazeGenerator.Options.defaults(6, 6), 1);
        List<MazeRow> rows = gen.generate(6, List.of());
        Path csv = dir.resolve("csv");
        MazeCsv.write(csv.resolve("train.csv"), rows.subList(0, 4));
        MazeCsv.write(csv.resolve("test.csv"), rows.subList(4, 6));
        MazeDatasets.Summary s = MazeDatasets.build(csv, dir.resolve("ds"), false);
        assertEquals(4, s.train().examples());
        RawTensor labels = Npy.read(dir.resolve("ds/train/all__labels.npy"));
        assertArrayEquals(MazeTokens.encode(rows.get(2).answer()), java.util.Arrays.copyOfRange(bytes(labels), 2 * 36, 3 * 36));
        assertArrayEquals(new int[]{0, 1, 2, 3, 4}, Npy.read(dir.resolve("ds/train/all__group_indices.npy")).toInts());
    }

    @Test
    void malformedCsvStopsTheBuildWithFileAndLine() throws IOException {
        Path csv = dir.resolve("bad");
        Files.createDirectories(csv);
        Files.writeString(csv.resolve("train.csv"), MazeCsv.HEADER + "\ns,S  G,S  G,1\ns,S  GG,S  G ,1\n");
        Files.writeString(csv.resolve("test.csv"), MazeCsv.HEADER + "\ns,S  G,S  G,1\n");
        var e = assertThrows(IllegalArgumentException.class, () -> MazeDatasets.build(csv, dir.resolve("o"), false));
        assertTrue(e.getMessage().contains("train.csv line 3: question has 5 characters, expected 4"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("o/train/dataset.json")));
    }
}
