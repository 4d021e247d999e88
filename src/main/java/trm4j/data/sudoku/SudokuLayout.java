package trm4j.data.sudoku;

import trm4j.data.PuzzleDatasetMetadata;
import trm4j.data.PuzzleIdentifiers;
import trm4j.io.DType;
import trm4j.io.Npy;
import trm4j.io.RawTensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes splits in the official on-disk layout exactly as {@code build_sudoku_dataset.py} does:
 * {@code <out>/<split>/dataset.json}, {@code <out>/<split>/all__{inputs,labels,puzzle_identifiers,
 * puzzle_indices,group_indices}.npy} (tokens uint8 [N_ex, L], indices int32) and {@code <out>/identifiers.json}
 * = ["<blank>"]. Each file is written atomically.
 */
public final class SudokuLayout {
    private SudokuLayout() {}

    /** The official metadata: one identifier, 1 example per puzzle, total_puzzles = number of groups. */
    public static PuzzleDatasetMetadata metadata(SudokuSplit s) {
        return new PuzzleDatasetMetadata(0, 0, 0, s.shape().vocabSize(), s.shape().cells, 1,
                s.groups(), 1.0, s.groups(), List.of("all"));
    }

    public static void writeSplit(Path out, String split, SudokuSplit s) throws IOException {
        Path dir = out.resolve(split);
        Files.createDirectories(dir);
        int L = s.shape().cells;
        Npy.write(dir.resolve("all__inputs.npy"), new RawTensor(DType.U8, new int[] {s.examples(), L}, ByteBuffer.wrap(s.inputs())));
        Npy.write(dir.resolve("all__labels.npy"), new RawTensor(DType.U8, new int[] {s.examples(), L}, ByteBuffer.wrap(s.labels())));
        Npy.write(dir.resolve("all__group_indices.npy"), int32(s.groupIndices()));
        Npy.write(dir.resolve("all__puzzle_indices.npy"), int32(s.puzzleIndices()));
        Npy.write(dir.resolve("all__puzzle_identifiers.npy"), int32(s.puzzleIdentifiers()));
        metadata(s).write(dir.resolve(PuzzleDatasetMetadata.FILE_NAME));
    }

    public static void writeIdentifiers(Path out) throws IOException {
        Files.createDirectories(out);
        PuzzleIdentifiers.write(out.resolve(PuzzleIdentifiers.FILE_NAME), List.of(PuzzleIdentifiers.BLANK));
    }

    private static RawTensor int32(int[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(v);
        return new RawTensor(DType.I32, new int[] {v.length}, b);
    }
}
