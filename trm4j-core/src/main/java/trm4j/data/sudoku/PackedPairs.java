package trm4j.data.sudoku;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/**
 * A growable list of question/answer grids stored as raw bytes in 1 MiB-row chunks: the full Sudoku-Extreme
 * train file (3.8 M rows) takes 620 MB this way instead of about 1 GB as separate objects. {@link #get}
 * returns copies.
 */
final class PackedPairs extends AbstractList<SudokuSplit.Pair> {
    private static final int CHUNK_ROWS = 1 << 20;
    private final int cells;
    private final List<byte[]> chunks = new ArrayList<>();
    private int size;

    PackedPairs(int cells) { this.cells = cells; }

    void add(byte[] question, byte[] answer) {
        int within = size % CHUNK_ROWS;
        if (within == 0) chunks.add(new byte[CHUNK_ROWS * 2 * cells]);
        byte[] chunk = chunks.get(size / CHUNK_ROWS);
        System.arraycopy(question, 0, chunk, within * 2 * cells, cells);
        System.arraycopy(answer, 0, chunk, within * 2 * cells + cells, cells);
        size++;
    }

    @Override
    public SudokuSplit.Pair get(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException(i);
        byte[] chunk = chunks.get(i / CHUNK_ROWS);
        int off = (i % CHUNK_ROWS) * 2 * cells;
        byte[] q = new byte[cells], a = new byte[cells];
        System.arraycopy(chunk, off, q, 0, cells);
        System.arraycopy(chunk, off + cells, a, 0, cells);
        return new SudokuSplit.Pair(q, a);
    }

    @Override
    public int size() { return size; }
}
