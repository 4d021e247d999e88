package trm4j.data;

import trm4j.io.DType;
import trm4j.io.Npy;
import trm4j.io.RawTensor;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * One split ({@code <dataset>/<split>/}) of the official layout, memory-mapped and validated on open: array
 * shapes and dtypes, index arrays starting at 0, never decreasing and ending at the next level's length,
 * puzzle identifiers below num_puzzle_identifiers, and (unless disabled) every token below vocab_size.
 * Any violation is one error line naming the file. Close to unmap.
 */
public final class PuzzleDataset implements AutoCloseable {
    private static final Set<DType> TOKEN_TYPES = Set.of(DType.U8, DType.I8, DType.I16, DType.I32, DType.I64);

    private final Path dir;
    private final String split;
    private final PuzzleDatasetMetadata metadata;
    private final List<PuzzleSet> sets;
    private final Arena arena;

    private PuzzleDataset(Path dir, String split, PuzzleDatasetMetadata metadata, List<PuzzleSet> sets, Arena arena) {
        this.dir = dir;
        this.split = split;
        this.metadata = metadata;
        this.sets = List.copyOf(sets);
        this.arena = arena;
    }

    /** Opens and fully validates {@code <datasetDir>/<split>}. */
    public static PuzzleDataset open(Path datasetDir, String split) throws IOException {
        return open(datasetDir, split, true);
    }

    /** As {@link #open(Path, String)}; {@code checkTokens = false} skips the scan of every token (seconds for ARC). */
    public static PuzzleDataset open(Path datasetDir, String split, boolean checkTokens) throws IOException {
        Path dir = datasetDir.resolve(split);
        if (!Files.isDirectory(dir))
            throw new NoSuchFileException(dir + ": no such split directory (expected <dataset>/" + split + "/dataset.json; build the dataset first)");
        PuzzleDatasetMetadata m = PuzzleDatasetMetadata.read(dir.resolve(PuzzleDatasetMetadata.FILE_NAME));
        Path metaFile = dir.resolve(PuzzleDatasetMetadata.FILE_NAME);
        if (m.seqLen() <= 0 || m.vocabSize() <= 0 || m.numPuzzleIdentifiers() <= 0 || m.sets().isEmpty())
            throw new IllegalArgumentException(metaFile + ": seq_len, vocab_size and num_puzzle_identifiers must be positive and sets non-empty");
        Arena arena = Arena.ofShared();
        try {
            List<PuzzleSet> sets = new ArrayList<>();
            for (String s : m.sets()) sets.add(openSet(dir, s, m, arena, checkTokens));
            return new PuzzleDataset(dir, split, m, sets, arena);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static PuzzleSet openSet(Path dir, String set, PuzzleDatasetMetadata m, Arena arena, boolean checkTokens) throws IOException {
        Path fIn = dir.resolve(set + "__inputs.npy"), fLab = dir.resolve(set + "__labels.npy");
        Path fId = dir.resolve(set + "__puzzle_identifiers.npy"), fPi = dir.resolve(set + "__puzzle_indices.npy");
        Path fGi = dir.resolve(set + "__group_indices.npy");
        Npy.Mapped in = Npy.map(existing(fIn), arena), lab = Npy.map(existing(fLab), arena);
        int[] ids = indexArray(fId), pIdx = indexArray(fPi), gIdx = indexArray(fGi);

        checkTokensShape(fIn, in, m.seqLen());
        checkTokensShape(fLab, lab, m.seqLen());
        long n = in.header().dim(0);
        if (lab.header().dim(0) != n)
            throw bad(fLab, "has " + lab.header().dim(0) + " examples but inputs have " + n + "; rebuild the dataset");
        if (pIdx.length != ids.length + 1)
            throw bad(fPi, "has " + pIdx.length + " entries; expected puzzle_identifiers length + 1 = " + (ids.length + 1));
        checkIndices(fPi, "puzzle_indices", pIdx, n, "the number of examples");
        checkIndices(fGi, "group_indices", gIdx, ids.length, "the number of puzzles");
        for (int p = 0; p < ids.length; p++)
            if (ids[p] < 0 || ids[p] >= m.numPuzzleIdentifiers())
                throw bad(fId, "entry " + p + " = " + ids[p] + " is outside [0, num_puzzle_identifiers = " + m.numPuzzleIdentifiers() + ")");
        if (checkTokens) {
            checkTokenValues(fIn, in, m.vocabSize(), null);
            checkTokenValues(fLab, lab, m.vocabSize(), m.ignoreLabelId());
        }
        return new PuzzleSet(set, m.seqLen(), in, lab, ids, pIdx, gIdx);
    }

    private static Path existing(Path f) throws NoSuchFileException {
        if (!Files.isRegularFile(f)) throw new NoSuchFileException(f + ": missing dataset array (rebuild the dataset)");
        return f;
    }

    private static int[] indexArray(Path f) throws IOException {
        RawTensor t = Npy.read(existing(f));
        if (t.shape().length != 1) throw bad(f, "must be 1-D, has shape " + Arrays.toString(t.shape()));
        if (t.dtype() != DType.I32 && t.dtype() != DType.I64)
            throw bad(f, "index array must be int32 or int64, is " + t.dtype());
        long[] v = t.toLongs();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] != (int) v[i]) throw bad(f, "entry " + i + " = " + v[i] + " does not fit in int32");
            out[i] = (int) v[i];
        }
        return out;
    }

    private static void checkTokensShape(Path f, Npy.Mapped a, int seqLen) {
        Npy.Header h = a.header();
        if (!TOKEN_TYPES.contains(h.dtype())) throw bad(f, "token array must be an integer type, is " + h.dtype());
        if (h.ndim() != 2 || h.dim(1) != seqLen)
            throw bad(f, "must have shape (N, " + seqLen + ") for seq_len " + seqLen + ", has " + Arrays.toString(h.shape()));
        if (h.dim(0) > Integer.MAX_VALUE) throw bad(f, "too many examples: " + h.dim(0));
    }

    private static void checkIndices(Path f, String what, int[] idx, long end, String endName) {
        if (idx.length == 0 || idx[0] != 0) throw bad(f, what + " must start with 0" + (idx.length == 0 ? " but is empty" : ", starts with " + idx[0]));
        for (int i = 1; i < idx.length; i++)
            if (idx[i] < idx[i - 1])
                throw bad(f, what + "[" + i + "] = " + idx[i] + " is less than " + what + "[" + (i - 1) + "] = " + idx[i - 1] + " (indices must not decrease)");
        if (idx[idx.length - 1] != end)
            throw bad(f, "last entry of " + what + " is " + idx[idx.length - 1] + ", expected " + endName + " = " + end);
    }

    private static void checkTokenValues(Path f, Npy.Mapped a, int vocab, Integer allowed) {
        MemorySegment seg = a.data();
        DType d = a.header().dtype();
        long count = a.header().numel();
        long bad = -1;
        int allow = allowed == null ? 0 : allowed;
        if (d == DType.U8 && vocab >= 256) return;   // every byte is in range
        if (d == DType.U8) {
            // chunked max-reduction (vectorisable); the exact position is searched only in a failing chunk
            byte[] chunk = new byte[1 << 20];
            for (long at = 0; at < count && bad < 0; at += chunk.length) {
                int n = (int) Math.min(chunk.length, count - at);
                MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, at, chunk, 0, n);
                int max = 0;
                for (int i = 0; i < n; i++) max = Math.max(max, chunk[i] & 0xff);
                if (max < vocab) continue;
                for (int i = 0; i < n; i++) {
                    int t = chunk[i] & 0xff;
                    if (t >= vocab && !(allowed != null && t == allow)) { bad = at + i; break; }
                }
            }
        } else {
            for (long i = 0; i < count && bad < 0; i++) {
                long t = valueAt(seg, d, i);
                if ((t < 0 || t >= vocab) && !(allowed != null && t == allow)) bad = i;
            }
        }
        if (bad >= 0) {
            long seqLen = a.header().dim(1);
            long v = valueAt(seg, d, bad);
            throw bad(f, "token " + v + " at example " + (bad / seqLen) + " position " + (bad % seqLen) + " is outside [0, vocab_size = " + vocab + ")");
        }
    }

    private static long valueAt(MemorySegment seg, DType d, long i) {
        return switch (d) {
            case U8 -> seg.get(ValueLayout.JAVA_BYTE, i) & 0xff;
            case I8 -> seg.get(ValueLayout.JAVA_BYTE, i);
            case I16 -> seg.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 2 * i);
            case I32 -> seg.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 4 * i);
            default -> seg.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 8 * i);
        };
    }

    private static IllegalArgumentException bad(Path f, String what) {
        return trm4j.io.FileError.of(f, what);
    }

    /** {@code <dataset>/<split>}. */
    public Path dir() { return dir; }

    public String split() { return split; }

    public PuzzleDatasetMetadata metadata() { return metadata; }

    public int seqLen() { return metadata.seqLen(); }

    /** The sets in metadata order (the official builders write only {@code all}). */
    public List<PuzzleSet> sets() { return sets; }

    public PuzzleSet set(String name) {
        for (PuzzleSet s : sets) if (s.name().equals(name)) return s;
        throw new IllegalArgumentException(dir + ": no set '" + name + "' (sets: " + metadata.sets() + ")");
    }

    /** Total examples over all sets. */
    public long numExamples() {
        long n = 0;
        for (PuzzleSet s : sets) n += s.numExamples();
        return n;
    }

    /** Unmaps the token arrays; the sets must not be used afterwards. */
    @Override
    public void close() { arena.close(); }
}
