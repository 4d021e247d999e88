package trm4j.data.sudoku;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trm4j.data.PuzzleDataset;
import trm4j.data.PuzzleDatasetMetadata;
import trm4j.data.PuzzleSet;
import trm4j.data.PuzzleIdentifiers;
import trm4j.io.Npy;
import trm4j.io.RawTensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class SudokuDatasetBuilderTest {
    @TempDir Path dir;

    /** Writes {@code n} generated puzzles as a Sudoku-Extreme CSV with ratings 0..n-1 (to test the filter). */
    private static List<SudokuCsv.Row> writeCsv(Path file, SudokuShape shape, int n, long seed) throws IOException {
        List<SudokuCsv.Row> rows = new ArrayList<>();
        SudokuGenerator gen = new SudokuGenerator(shape, seed);
        for (int i = 0; i < n; i++) {
            SudokuGenerator.Puzzle p = gen.next();
            rows.add(new SudokuCsv.Row("gen", p.question(), p.answer(), i, i + 2));
        }
        SudokuCsv.write(file, rows);
        return rows;
    }

    private static byte[] bytes(RawTensor t) {
        byte[] b = new byte[t.data().remaining()];
        t.data().duplicate().get(b);
        return b;
    }

    private static byte[] row(byte[] tokens, int i, int L) {
        byte[] g = new byte[L];
        for (int k = 0; k < L; k++) g[k] = (byte) (tokens[i * L + k] - 1);
        return g;
    }

    @Test
    void buildsTheOfficialLayoutWithSubsampleAugmentationAndUnaugmentedTest() throws IOException {
        Path csv = dir.resolve("csv");
        List<SudokuCsv.Row> train = writeCsv(csv.resolve("train.csv"), SudokuShape.S9, 30, 1);
        List<SudokuCsv.Row> test = writeCsv(csv.resolve("test.csv"), SudokuShape.S9, 7, 2);
        Path out = dir.resolve("out");
        SudokuDatasetBuilder.build(csv, out, new SudokuDatasetBuilder.Options(12, null, 3, 5, false, null), m -> fail(m));

        PuzzleDatasetMetadata meta = PuzzleDatasetMetadata.read(out.resolve("train/dataset.json"));
        assertEquals(new PuzzleDatasetMetadata(0, 0, 0, 11, 81, 1, 12, 1.0, 12, List.of("all")), meta);
        assertEquals(List.of("<blank>"), PuzzleIdentifiers.read(out.resolve("identifiers.json")));
        RawTensor in = Npy.read(out.resolve("train/all__inputs.npy")), lab = Npy.read(out.resolve("train/all__labels.npy"));
        assertArrayEquals(new int[] {48, 81}, in.shape());
        assertArrayEquals(new int[] {48, 81}, lab.shape());
        int[] groups = Npy.read(out.resolve("train/all__group_indices.npy")).toInts();
        int[] puzzles = Npy.read(out.resolve("train/all__puzzle_indices.npy")).toInts();
        int[] ids = Npy.read(out.resolve("train/all__puzzle_identifiers.npy")).toInts();
        assertEquals(13, groups.length);
        for (int g = 0; g <= 12; g++) assertEquals(4 * g, groups[g]);
        for (int p = 0; p <= 48; p++) assertEquals(p, puzzles[p]);
        assertEquals(48, ids.length);
        for (int id : ids) assertEquals(0, id);

        byte[] inB = bytes(in), labB = bytes(lab);
        Set<String> originals = new HashSet<>(), drawn = new HashSet<>();
        for (SudokuCsv.Row r : train) originals.add(SudokuShape.format(r.question()));
        SudokuSolver solver = new SudokuSolver(SudokuShape.S9);
        for (int e = 0; e < 48; e++) {
            byte[] q = row(inB, e, 81), a = row(labB, e, 81);
            assertTrue(SudokuShape.S9.isValidSolution(a), "example " + e);
            assertTrue(SudokuShape.agrees(q, a), "example " + e);
            if (e % 4 == 0) {
                assertTrue(originals.contains(SudokuShape.format(q)), "group " + e / 4 + " starts with an original row");
                assertTrue(drawn.add(SudokuShape.format(q)), "drawn without replacement");
            } else {
                assertArrayEquals(a, solver.solve(q, 2).solution(), "augmented puzzle keeps its unique solution");
                assertFalse(originals.contains(SudokuShape.format(q)));
            }
        }

        // Test split: every row in file order, unaugmented.
        assertEquals(7, PuzzleDatasetMetadata.read(out.resolve("test/dataset.json")).totalGroups());
        byte[] testIn = bytes(Npy.read(out.resolve("test/all__inputs.npy")));
        byte[] testLab = bytes(Npy.read(out.resolve("test/all__labels.npy")));
        for (int i = 0; i < 7; i++) {
            assertArrayEquals(test.get(i).question(), row(testIn, i, 81));
            assertArrayEquals(test.get(i).answer(), row(testLab, i, 81));
        }
        for (int k = 0; k < 81; k++) {   // tokens: blank 1, digit d -> d + 1
            int v = test.get(0).question()[k];
            assertEquals(v == 0 ? 1 : v + 1, testIn[k]);
            assertEquals(test.get(0).answer()[k] + 1, testLab[k]);
        }

        // The layout loads with the project's reader (which validates shapes, indices and every token).
        for (String split : new String[] {"train", "test"}) {
            try (PuzzleDataset ds = PuzzleDataset.open(out, split)) {
                PuzzleSet set = ds.set("all");
                int n = split.equals("train") ? 48 : 7;
                assertEquals(n, set.numExamples());
                assertEquals(n, set.numPuzzles());
                assertEquals(split.equals("train") ? 12 : 7, set.numGroups());
                int[] tokens = new int[81];
                set.readLabels(n - 1, tokens, 0);
                byte[] expect = split.equals("train") ? labB : testLab;
                for (int k = 0; k < 81; k++) assertEquals(expect[(n - 1) * 81 + k], tokens[k]);
            }
        }

        // Seeded: the same seed rebuilds identical bytes, another seed draws differently.
        Path again = dir.resolve("again"), other = dir.resolve("other");
        SudokuDatasetBuilder.build(csv, again, new SudokuDatasetBuilder.Options(12, null, 3, 5, false, null), m -> { });
        SudokuDatasetBuilder.build(csv, other, new SudokuDatasetBuilder.Options(12, null, 3, 6, false, null), m -> { });
        assertArrayEquals(Files.readAllBytes(out.resolve("train/all__inputs.npy")), Files.readAllBytes(again.resolve("train/all__inputs.npy")));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(out.resolve("train/all__inputs.npy")),
                Files.readAllBytes(other.resolve("train/all__inputs.npy"))));
    }

    @Test
    void minDifficultyFiltersBothSplitsAndBadRowsStopTheBuild() throws IOException {
        Path csv = dir.resolve("csv");
        List<SudokuCsv.Row> train = writeCsv(csv.resolve("train.csv"), SudokuShape.S4, 10, 1);
        writeCsv(csv.resolve("test.csv"), SudokuShape.S4, 6, 2);
        Path out = dir.resolve("out");
        SudokuDatasetBuilder.Built b = SudokuDatasetBuilder.build(csv, out,
                new SudokuDatasetBuilder.Options(null, 4, 0, 0, false, null), m -> fail(m));
        assertEquals(6, b.train().groups(), "ratings 4..9 of 0..9 kept, all of them (no subsample) in file order");
        try (PuzzleDataset ds = PuzzleDataset.open(out, "train")) {
            int[] tokens = new int[16];
            ds.set("all").readInputs(0, tokens, 0);
            for (int k = 0; k < 16; k++) assertEquals(train.get(4).question()[k] + 1, tokens[k]);
        }
        assertEquals(2, b.test().groups(), "ratings 4, 5 of 0..5 kept");
        PuzzleDatasetMetadata meta = PuzzleDatasetMetadata.read(out.resolve("train/dataset.json"));
        assertEquals(6, meta.vocabSize());
        assertEquals(16, meta.seqLen());

        Files.writeString(csv.resolve("test.csv"), Files.readString(csv.resolve("test.csv")) + "bad,1234,1234,0\n");
        IOException e = assertThrows(IOException.class, () -> SudokuDatasetBuilder.build(csv, out,
                new SudokuDatasetBuilder.Options(null, null, 0, 0, false, null), m -> { }));
        assertEquals(csv.resolve("test.csv") + ":8: question has 4 characters, expected 16; fix or remove the row, "
                + "or pass --skip-bad-rows to skip such rows", e.getMessage());
        List<String> warned = new ArrayList<>();
        SudokuDatasetBuilder.Built skipped = SudokuDatasetBuilder.build(csv, out,
                new SudokuDatasetBuilder.Options(null, null, 0, 0, true, null), warned::add);
        assertEquals(1, skipped.skippedTest());
        assertEquals(1, warned.size());
        assertEquals(6, skipped.test().groups());
        assertThrows(java.nio.file.NoSuchFileException.class, () -> SudokuDatasetBuilder.build(dir.resolve("none"), out,
                new SudokuDatasetBuilder.Options(null, null, 0, 0, false, null), m -> { }));
    }

    @Test
    void generatedDatasetsAreWrittenInTheOfficialLayout() throws IOException {
        Path out = dir.resolve("gen");
        SudokuDatasets.Generated g = SudokuDatasets.generate(out, 6, 20, 5, 2, 0, 9);
        PuzzleDatasetMetadata meta = PuzzleDatasetMetadata.read(out.resolve("train/dataset.json"));
        assertEquals(new PuzzleDatasetMetadata(0, 0, 0, 8, 36, 1, 20, 1.0, 20, List.of("all")), meta);
        assertArrayEquals(new int[] {60, 36}, Npy.read(out.resolve("train/all__inputs.npy")).shape());
        assertArrayEquals(new int[] {5, 36}, Npy.read(out.resolve("test/all__labels.npy")).shape());
        Set<String> trainQ = new HashSet<>();
        for (int e = 0; e < 60; e += 3) trainQ.add(SudokuShape.format(row(g.train().inputs(), e, 36)));
        for (int e = 0; e < 5; e++) assertFalse(trainQ.contains(SudokuShape.format(row(g.test().inputs(), e, 36))),
                "test puzzles differ from train puzzles");
        assertEquals(25, g.ratings().count());
        try (PuzzleDataset train = PuzzleDataset.open(out, "train"); PuzzleDataset test = PuzzleDataset.open(out, "test")) {
            assertEquals(60, train.set("all").numExamples());
            assertEquals(20, train.set("all").numGroups());
            assertEquals(5, test.set("all").numExamples());
            int[] tokens = new int[36];
            test.set("all").readInputs(4, tokens, 0);
            for (int k = 0; k < 36; k++) assertEquals(g.test().inputs()[4 * 36 + k], tokens[k]);
        }
        SudokuDatasets.Generated again = SudokuDatasets.generateSplits(6, 20, 5, 2, 0, 9);
        assertArrayEquals(g.train().inputs(), again.train().inputs());
        assertArrayEquals(g.test().labels(), again.test().labels());
    }
}
