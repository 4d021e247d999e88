package trm4j.data;

import trm4j.io.DType;
import trm4j.io.Npy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * One set ({@code all}) of a split: the example token arrays stay memory-mapped (ARC's are several GB), the index
 * arrays are in memory. Example e belongs to puzzle p when {@code puzzleStart(p) <= e < puzzleEnd(p)}; puzzle p
 * belongs to group g when {@code groupStart(g) <= p < groupEnd(g)}.
 */
public final class PuzzleSet {
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final String name;
    private final int seqLen;
    private final Npy.Mapped inputs;   // [N, seq_len]
    private final Npy.Mapped labels;   // [N, seq_len]
    private final int[] puzzleIdentifiers; // [P]
    private final int[] puzzleIndices;     // [P + 1]
    private final int[] groupIndices;      // [G + 1]

    PuzzleSet(String name, int seqLen, Npy.Mapped inputs, Npy.Mapped labels, int[] puzzleIdentifiers, int[] puzzleIndices, int[] groupIndices) {
        this.name = name;
        this.seqLen = seqLen;
        this.inputs = inputs;
        this.labels = labels;
        this.puzzleIdentifiers = puzzleIdentifiers;
        this.puzzleIndices = puzzleIndices;
        this.groupIndices = groupIndices;
    }

    public String name() { return name; }

    public int seqLen() { return seqLen; }

    public int numExamples() { return puzzleIndices[puzzleIndices.length - 1]; }

    public int numPuzzles() { return puzzleIdentifiers.length; }

    public int numGroups() { return groupIndices.length - 1; }

    public int puzzleIdentifier(int puzzle) { return puzzleIdentifiers[puzzle]; }

    public int puzzleStart(int puzzle) { return puzzleIndices[puzzle]; }

    public int puzzleEnd(int puzzle) { return puzzleIndices[puzzle + 1]; }

    public int groupStart(int group) { return groupIndices[group]; }

    public int groupEnd(int group) { return groupIndices[group + 1]; }

    /** The puzzle that holds example {@code e} (binary search in puzzle_indices; empty puzzles are skipped). */
    public int puzzleOfExample(int e) {
        int lo = 0, hi = numPuzzles() - 1;
        while (lo < hi) {   // last p with puzzleIndices[p] <= e
            int mid = (lo + hi + 1) >>> 1;
            if (puzzleIndices[mid] <= e) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    /** Copies example {@code e}'s input tokens into {@code dst[off, off + seq_len)}. */
    public void readInputs(int e, int[] dst, int off) { read(inputs, e, dst, off); }

    /** Copies example {@code e}'s label tokens into {@code dst[off, off + seq_len)}. */
    public void readLabels(int e, int[] dst, int off) { read(labels, e, dst, off); }

    public Path inputsFile() { return inputs.file(); }

    public Path labelsFile() { return labels.file(); }

    int[] puzzleIndicesArray() { return puzzleIndices; }

    private void read(Npy.Mapped m, int e, int[] dst, int off) {
        if (e < 0 || e >= numExamples()) throw new IndexOutOfBoundsException("example " + e + " of " + numExamples());
        MemorySegment seg = m.data();
        DType d = m.header().dtype();
        long base = (long) e * seqLen * d.bytes;
        switch (d) {
            case U8, BOOL, I8 -> {
                // one bulk copy per row: element-wise segment reads cost a scope check each
                byte[] row = new byte[seqLen];
                MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, base, row, 0, seqLen);
                if (d == DType.I8) for (int i = 0; i < seqLen; i++) dst[off + i] = row[i];
                else for (int i = 0; i < seqLen; i++) dst[off + i] = row[i] & 0xff;
            }
            case I16 -> { for (int i = 0; i < seqLen; i++) dst[off + i] = seg.get(I16, base + 2L * i); }
            case I32 -> MemorySegment.copy(seg, I32, base, dst, off, seqLen);
            case I64 -> { for (int i = 0; i < seqLen; i++) dst[off + i] = (int) seg.get(I64, base + 8L * i); }
            default -> throw new IllegalStateException("token dtype " + d);
        }
    }
}
