package trm4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trm4j.io.DType;
import trm4j.io.Npy;
import trm4j.io.RawTensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class PuzzleDatasetWriterTest {
    @TempDir
    Path tmp;

    static final int L = 4, VOCAB = 6;

    /** Example e of the toy data: tokens derived from e so the reader can check every value. */
    static int[] input(int e) { return new int[]{1 + e % 5, 2, (e * 3) % VOCAB, 5}; }

    static int[] label(int e) { return new int[]{0, 1 + (e * 7) % 5, e % VOCAB, 3}; }

    /**
     * Writes train: 3 groups with puzzles of sizes {2,1} {3} {1,1,2} and identifiers 1..6, and test: 1 group with
     * 1 puzzle of 3 examples (identifier 2).
     */
    static Path writeToy(Path out) throws IOException {
        int[][] trainGroups = {{2, 1}, {3}, {1, 1, 2}};
        try (PuzzleDatasetWriter w = new PuzzleDatasetWriter(out, L, VOCAB)) {
            PuzzleDatasetWriter.Split train = w.split("train");
            int e = 0, id = 1;
            for (int[] g : trainGroups) {
                for (int size : g) {
                    for (int k = 0; k < size; k++, e++) train.addExample(input(e), label(e));
                    train.endPuzzle(id++);
                }
                train.endGroup();
            }
            assertEquals(10, train.examples());
            assertEquals(6, train.puzzles());
            assertEquals(3, train.groups());
            PuzzleDatasetWriter.Split test = w.split("test");
            for (int k = 0; k < 3; k++) {
                int[] in = input(100 + k);
                byte[] b = new byte[L], lb = new byte[L];
                for (int i = 0; i < L; i++) { b[i] = (byte) in[i]; lb[i] = (byte) label(100 + k)[i]; }
                test.addExample(b, lb);
            }
            test.endPuzzle(2);
            test.endGroup();
            test.adjustMetadata(m -> m.withTotalPuzzles(m.totalGroups()).withMeanPuzzleExamples(1));
            w.addFile("test_puzzles.json", "{}".getBytes());
            assertFalse(Files.exists(out), "nothing visible before finish");
            w.finish(List.of("<blank>", "a", "b", "c", "d", "e", "f"));
        }
        return out;
    }

    @Test
    void writesTheOfficialLayout() throws IOException {
        Path out = writeToy(tmp.resolve("ds"));
        try (Stream<Path> s = Files.list(tmp)) { assertEquals(List.of(out), s.toList(), "staging directory removed"); }
        for (String split : List.of("train", "test"))
            for (String f : PuzzleDatasetWriter.FIELDS) assertTrue(Files.exists(out.resolve(split).resolve("all__" + f + ".npy")), split + " " + f);
        assertEquals("[\"<blank>\", \"a\", \"b\", \"c\", \"d\", \"e\", \"f\"]", Files.readString(out.resolve("identifiers.json")));
        assertEquals("{}", Files.readString(out.resolve("test_puzzles.json")));
        assertEquals("{\"pad_id\": 0, \"ignore_label_id\": 0, \"blank_identifier_id\": 0, \"vocab_size\": 6, \"seq_len\": 4, "
                + "\"num_puzzle_identifiers\": 7, \"total_groups\": 3, \"mean_puzzle_examples\": 1.6666666666666667, "
                + "\"total_puzzles\": 6, \"sets\": [\"all\"]}", Files.readString(out.resolve("train/dataset.json")));
        PuzzleDatasetMetadata tm = PuzzleDatasetMetadata.read(out.resolve("test/dataset.json"));
        assertEquals(1, tm.totalPuzzles());
        assertEquals(1.0, tm.meanPuzzleExamples());

        RawTensor in = Npy.read(out.resolve("train/all__inputs.npy"));
        assertEquals(DType.U8, in.dtype());
        assertArrayEquals(new int[]{10, L}, in.shape());
        assertArrayEquals(input(7), java.util.Arrays.copyOfRange(in.toInts(), 7 * L, 8 * L));
        RawTensor pi = Npy.read(out.resolve("train/all__puzzle_indices.npy"));
        assertEquals(DType.I32, pi.dtype());
        assertArrayEquals(new int[]{0, 2, 3, 6, 7, 8, 10}, pi.toInts());
        assertArrayEquals(new int[]{0, 2, 3, 6}, Npy.read(out.resolve("train/all__group_indices.npy")).toInts());
        assertArrayEquals(new int[]{1, 2, 3, 4, 5, 6}, Npy.read(out.resolve("train/all__puzzle_identifiers.npy")).toInts());
        // the streamed token file is byte-identical to a one-shot np.save-style write of the same array
        Path ref = tmp.resolve("ref.npy");
        byte[] raw = new byte[10 * L];
        for (int e = 0; e < 10; e++) for (int i = 0; i < L; i++) raw[e * L + i] = (byte) label(e)[i];
        Npy.write(ref, new RawTensor(DType.U8, new int[]{10, L}, java.nio.ByteBuffer.wrap(raw)));
        assertArrayEquals(Files.readAllBytes(ref), Files.readAllBytes(out.resolve("train/all__labels.npy")));
    }

    @Test
    void readerRoundTrip() throws IOException {
        Path out = writeToy(tmp.resolve("ds"));
        try (PuzzleDataset ds = PuzzleDataset.open(out, "train")) {
            assertEquals(7, ds.metadata().numPuzzleIdentifiers());
            PuzzleSet s = ds.set("all");
            assertEquals(10, s.numExamples());
            assertEquals(6, s.numPuzzles());
            assertEquals(3, s.numGroups());
            assertEquals(3, s.groupStart(2));
            assertEquals(6, s.groupEnd(2));
            assertEquals(2, s.puzzleStart(1));
            assertEquals(3, s.puzzleEnd(1));
            assertEquals(4, s.puzzleIdentifier(3));
            int[] row = new int[L + 2];
            for (int e = 0; e < 10; e++) {
                s.readInputs(e, row, 1);
                assertArrayEquals(input(e), java.util.Arrays.copyOfRange(row, 1, 1 + L));
                s.readLabels(e, row, 2);
                assertArrayEquals(label(e), java.util.Arrays.copyOfRange(row, 2, 2 + L));
            }
            assertEquals(0, s.puzzleOfExample(1));
            assertEquals(1, s.puzzleOfExample(2));
            assertEquals(2, s.puzzleOfExample(5));
            assertEquals(5, s.puzzleOfExample(9));
        }
    }

    @Test
    void replacesAnExistingDatasetAndKeepsOtherFiles() throws IOException {
        Path out = writeToy(tmp.resolve("ds"));
        Files.writeString(out.resolve("README"), "mine");
        try (PuzzleDatasetWriter w = new PuzzleDatasetWriter(out, L, VOCAB)) {
            PuzzleDatasetWriter.Split s = w.split("train");
            s.addExample(input(0), label(0));
            s.endPuzzle(0);
            s.endGroup();
            w.finish(List.of("<blank>"));
        }
        assertTrue(Files.isDirectory(out.resolve("test")), "a split not rewritten is left alone");
        assertEquals(1, PuzzleDatasetMetadata.read(out.resolve("train/dataset.json")).totalGroups());
        assertEquals("mine", Files.readString(out.resolve("README")));
        try (Stream<Path> s = Files.list(out)) { assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no leftovers"); }
    }

    @Test
    void abandonedWriterLeavesNothing() throws IOException {
        try (PuzzleDatasetWriter w = new PuzzleDatasetWriter(tmp.resolve("ds"), L, VOCAB)) {
            PuzzleDatasetWriter.Split s = w.split("train");
            s.addExample(input(0), label(0));
        }
        try (Stream<Path> s = Files.list(tmp)) { assertEquals(0, s.count()); }
    }

    @Test
    void rejectsMisuse() throws IOException {
        try (PuzzleDatasetWriter w = new PuzzleDatasetWriter(tmp.resolve("ds"), L, VOCAB)) {
            PuzzleDatasetWriter.Split s = w.split("train");
            assertThrows(IllegalArgumentException.class, () -> s.addExample(new int[]{1, 2, 3}, label(0)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.addExample(new int[]{1, 2, 6, 1}, label(0)));
            assertTrue(e.getMessage().contains("token 6 at position 2"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> s.endPuzzle(0));   // no examples
            s.addExample(input(0), label(0));
            assertThrows(IllegalStateException.class, s::endGroup);          // open puzzle
            s.endPuzzle(3);
            s.endGroup();
            assertThrows(IllegalStateException.class, s::endGroup);          // empty group
            e = assertThrows(IllegalArgumentException.class, () -> w.finish(List.of("<blank>", "a")));
            assertTrue(e.getMessage().contains("puzzle identifier 3"), e.getMessage());
        }
        assertFalse(Files.exists(tmp.resolve("ds")));
    }

    private static void assertInvalid(Path out, Path file, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PuzzleDataset.open(out, "train").close());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    @Test
    void readerRejectsInconsistentArrays() throws IOException {
        Path out = writeToy(tmp.resolve("ds"));
        Path train = out.resolve("train");
        Path pi = train.resolve("all__puzzle_indices.npy");
        Npy.write(pi, RawTensor.ofInts(new int[]{0, 2, 3, 6, 5, 8, 10}, 7));
        assertInvalid(out, pi, "puzzle_indices[4] = 5 is less than puzzle_indices[3] = 6");
        Npy.write(pi, RawTensor.ofInts(new int[]{0, 2, 3, 6, 7, 8, 9}, 7));
        assertInvalid(out, pi, "expected the number of examples = 10");
        Npy.write(pi, RawTensor.ofInts(new int[]{0, 2, 3, 6, 7, 8, 10}, 7));
        PuzzleDataset.open(out, "train").close();

        Path ids = train.resolve("all__puzzle_identifiers.npy");
        Npy.write(ids, RawTensor.ofInts(new int[]{1, 2, 3, 7, 5, 6}, 6));
        assertInvalid(out, ids, "entry 3 = 7 is outside [0, num_puzzle_identifiers = 7)");
        Npy.write(ids, RawTensor.ofInts(new int[]{1, 2, 3, 4, 5, 6}, 6));

        Path gi = train.resolve("all__group_indices.npy");
        Npy.write(gi, RawTensor.ofInts(new int[]{1, 2, 6}, 3));
        assertInvalid(out, gi, "must start with 0");
        Npy.write(gi, RawTensor.ofInts(new int[]{0, 2, 3, 6}, 4));

        Path in = train.resolve("all__inputs.npy");
        RawTensor good = Npy.read(in);
        byte[] raw = new byte[40];
        good.data().duplicate().get(raw);
        byte[] badRaw = raw.clone();
        badRaw[4 * 3 + 2] = 9;
        Npy.write(in, new RawTensor(DType.U8, new int[]{10, 4}, java.nio.ByteBuffer.wrap(badRaw)));
        assertInvalid(out, in, "token 9 at example 3 position 2 is outside [0, vocab_size = 6)");
        PuzzleDataset.open(out, "train", false).close();   // token scan can be skipped
        Npy.write(in, new RawTensor(DType.U8, new int[]{8, 5}, java.nio.ByteBuffer.wrap(raw)));
        assertInvalid(out, in, "must have shape (N, 4)");

        Files.delete(in);
        var missing = assertThrows(java.nio.file.NoSuchFileException.class, () -> PuzzleDataset.open(out, "train"));
        assertTrue(missing.getMessage().startsWith(in.toString()), missing.getMessage());
    }
}
