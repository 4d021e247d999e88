package trm4j.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trm4j.data.PuzzleDatasetMetadata;
import trm4j.data.arc.ArcTaskReader;
import trm4j.data.maze.MazeCsv;
import trm4j.data.maze.MazeTokens;
import trm4j.data.sudoku.SudokuCsv;
import trm4j.data.sudoku.SudokuShape;
import trm4j.model.TrmConfig;
import trm4j.testing.Fuzz;
import trm4j.train.TrainConfig;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Fuzz tests of every loader (issue 14): mutated valid files either load or are refused with one line naming the
 * file, within a time and an allocation bound (see {@link Fuzz}). {@value Fuzz#DEFAULT_CASES} cases per loader in the
 * suite; {@code -Dfuzz.cases=1000000} for a long run.
 */
class LoaderFuzzTest {
    @TempDir Path dir;

    private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    /** Reads every tensor's values (bounded), so that a view that does not fit its bytes would fail here. */
    private static void touch(Map<String, RawTensor> tensors) {
        for (RawTensor t : tensors.values()) {
            if (t.numel() > 1 << 20) continue;
            if (t.dtype() == DType.F32 || t.dtype() == DType.F64 || t.dtype() == DType.BF16 || t.dtype() == DType.F16) t.toFloats();
            else t.toLongs();
        }
    }

    private void report(Fuzz.Report r) {
        assertEquals(Fuzz.cases(), r.cases());
        assertTrue(r.accepted() > 0, "the valid seeds load: " + r);
        assertTrue(r.accepted() < r.cases(), "most mutations are refused: " + r);
    }

    @Test
    void safetensors() throws Exception {
        Path a = dir.resolve("a.safetensors"), b = dir.resolve("b.safetensors");
        Map<String, RawTensor> t = new LinkedHashMap<>();
        t.put("w", RawTensor.ofFloats(new float[]{1, 2, 3, 4, 5, 6}, 2, 3));
        t.put("i", RawTensor.ofLongs(new long[]{7, -8}, 2));
        Safetensors.write(a, t, Map.of("format", "pt"));
        Safetensors.write(b, Map.of("e", RawTensor.ofFloats(new float[0], 0, 4), "s", RawTensor.ofInts(new int[]{3}, 1)));
        report(Fuzz.run("safetensors", List.of(Files.readAllBytes(a), Files.readAllBytes(b)), Fuzz.cases(), 14, dir, ".safetensors",
                f -> { touch(Safetensors.read(f)); Safetensors.metadata(f); }));
    }

    @Test
    void torchZipPickle() throws Exception {
        long[] l3 = {3}, l1 = {1};
        List<byte[]> pickles = List.of(
                TorchFiles.stateDict().tensor("w", "FloatStorage", "0", 6, 1, new long[]{2, 2}, new long[]{1, 2}, false)
                        .tensor("b", "FloatStorage", "0", 6, 3, l3, l1, false).setitems().stop().bytes(),
                TorchFiles.stateDict().str("m").emptyDict().mark().tensor("x", "LongStorage", "1", 2, 0, new long[]{2}, l1, false)
                        .setitems().setitems().stop().bytes());
        Map<String, byte[]> storages = Map.of("0", TorchFiles.floats(6), "1", new byte[16]);
        // the pickle mutated inside a well-formed archive, and the archive itself mutated
        report(Fuzz.run("pt-pickle", pickles, Fuzz.cases(), 15, dir, ".pt", f -> {
            Files.write(f, TorchFiles.zip(Files.readAllBytes(f), storages));
            touch(TorchCheckpoint.read(f));
        }));
        List<byte[]> zips = new ArrayList<>();
        for (byte[] p : pickles) zips.add(TorchFiles.zip(p, storages));
        report(Fuzz.run("pt-zip", zips, Fuzz.cases(), 16, dir, ".pt", f -> touch(TorchCheckpoint.read(f))));
    }

    @Test
    void torchLegacy() throws Exception {
        report(Fuzz.run("pt-legacy", List.of(TorchCheckpointTest.legacyBytes()), Fuzz.cases(), 17, dir, ".pt", f -> touch(TorchCheckpoint.read(f))));
    }

    @Test
    void npy() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        int k = 0;
        for (RawTensor t : List.of(RawTensor.ofInts(new int[]{1, 2, 3, 4, 5, 6}, 2, 3), RawTensor.ofFloats(new float[]{1.5f}, 1),
                RawTensor.ofLongs(new long[0], 0, 3))) {
            Path f = dir.resolve("seed" + k++ + ".npy");
            Npy.write(f, t);
            seeds.add(Files.readAllBytes(f));
        }
        report(Fuzz.run("npy", seeds, Fuzz.cases(), 18, dir, ".npy", f -> {
            RawTensor t = Npy.read(f);
            touch(Map.of("t", t));
            try (Arena arena = Arena.ofConfined()) { Npy.map(f, arena); }
        }));
    }

    @Test
    void datasetJson() throws Exception {
        PuzzleDatasetMetadata m = new PuzzleDatasetMetadata(0, -100, 0, 11, 81, 1, 10, 1.5, 12, List.of("all"));
        report(Fuzz.run("dataset-json", List.of(utf8(m.toJson())), Fuzz.cases(), 19, dir, ".json", PuzzleDatasetMetadata::read));
    }

    @Test
    void configJsonAndYaml() throws Exception {
        report(Fuzz.run("config-json", List.of(utf8(TrainConfig.defaults().toJson())), Fuzz.cases(), 20, dir, ".json", TrainConfig::readJson));
        String arch = """
                {"hidden_size": 64, "num_heads": 2, "expansion": 4, "L_layers": 2, "H_cycles": 3, "L_cycles": 6, "seq_len": 81,
                 "vocab_size": 11, "num_puzzle_identifiers": 1, "pos_encodings": "rope", "halt_max_steps": 16,
                 "halt_exploration_prob": 0.1, "puzzle_emb_ndim": 64}""";
        report(Fuzz.run("arch-json", List.of(utf8(arch)), Fuzz.cases(), 21, dir, ".json", TrmConfig::read));
        String yaml = """
                arch:
                  H_cycles: 3
                  L_cycles: 6
                  L_layers: 2
                  hidden_size: 64
                  num_heads: 2
                  expansion: 4
                  seq_len: 81
                  vocab_size: 11
                  num_puzzle_identifiers: 1
                  halt_max_steps: 16
                  halt_exploration_prob: 0.1
                  pos_encodings: rope
                  puzzle_emb_ndim: 64
                  loss:
                    loss_type: stablemax_cross_entropy
                data_paths:
                - data/sudoku
                lr: 0.0001
                """;
        report(Fuzz.run("config-yaml", List.of(utf8(yaml)), Fuzz.cases(), 22, dir, ".yaml",
                f -> TrmConfig.fromMap(OfficialConfig.readArch(f), f.toString())));
    }

    static final String Q = "1....7.9..3..2...8..96..5....53..9...1..8...26....4...3......1..4......7..7...3..",
            A = "162857493534129678789643521475312986913586742628794135356478219241935867897261354";

    static final String MAZES = MazeCsv.HEADER + "\ns,S   #   G,Soo #o  G,4\nt,S   #   G,Soo #o  G,4\n";

    @Test
    void sudokuAndMazeCsv() throws Exception {
        String sudoku = SudokuCsv.HEADER + "\nx," + Q + "," + A + ",12\ny," + Q.replace('.', '0') + "," + A + ",0\n";
        report(Fuzz.run("sudoku-csv", List.of(utf8(sudoku)), Fuzz.cases(), 23, dir, ".csv",
                f -> SudokuCsv.readAll(f, null, false, w -> { })));
        report(Fuzz.run("maze-csv", List.of(utf8(MAZES), utf8(MazeCsv.HEADER + "\n\"a,b\",\"S  G\",\"So G\",\"2\"\n")), Fuzz.cases(), 24,
                dir, ".csv", MazeCsv::read));
    }

    @Test
    void arcJson() throws Exception {
        String task = "{\"train\": [{\"input\": [[1, 2], [3, 4]], \"output\": [[4, 3], [2, 1]]}],"
                + " \"test\": [{\"input\": [[0]], \"output\": [[9]]}]}";
        Path d = Files.createDirectory(dir.resolve("arc"));
        report(Fuzz.run("arc-json", List.of(utf8(task)), Fuzz.cases(), 25, d, ".json", f -> {
            try {
                ArcTaskReader.readDirectory(f.getParent());
            } finally {
                Files.delete(f);
            }
        }));
    }

    @Test
    void puzzleStrings() throws Exception {
        // what `trm solve` and `trm serve` parse a typed puzzle with (their views call these)
        report(Fuzz.run("solve-sudoku", List.of(utf8(Q), utf8(A)), Fuzz.cases(), 26, dir, ".txt",
                f -> SudokuShape.S9.parseTokens(Files.readString(f, StandardCharsets.ISO_8859_1), f.toString())));
        report(Fuzz.run("solve-maze", List.of(utf8("S  ## G  "), utf8("So ##oGoo")), Fuzz.cases(), 27, dir, ".txt",
                f -> MazeTokens.parse(Files.readString(f, StandardCharsets.ISO_8859_1), 3, f.toString())));
    }

    @Test
    void theSeedsThemselvesAreValid() throws IOException {
        // guards the fuzz tests above: a seed that no longer loads would make them test only the refusal path
        Path f = dir.resolve("s.csv");
        Files.writeString(f, MAZES);
        assertEquals(2, MazeCsv.read(f).size());
        Files.writeString(f, MazeCsv.HEADER + "\n\"a,b\",\"S  G\",\"So G\",\"2\"\n");
        assertEquals(1, MazeCsv.read(f).size());
        Files.writeString(f, SudokuCsv.HEADER + "\nx," + Q + "," + A + ",12\n");
        assertEquals(1, SudokuCsv.readAll(f, null, false, w -> fail(w)).size());
    }
}
