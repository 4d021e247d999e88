package trm4j.data;

/**
 * One batch as the official collate produces it (all int32): {@code inputs} and {@code labels} [size, seq_len]
 * row-major, {@code puzzleIdentifiers} [size]. Labels equal to the metadata's ignore_label_id are already −100.
 * {@code effectiveSize} rows are real examples; the rest (test batches only) are padding: inputs = pad_id,
 * labels = −100, puzzle identifier = blank_identifier_id.
 */
public record Batch(int[] inputs, int[] labels, int[] puzzleIdentifiers, int size, int effectiveSize) {
    public Batch {
        if (size <= 0 || puzzleIdentifiers.length != size || inputs.length != labels.length || inputs.length % size != 0)
            throw new IllegalArgumentException("inconsistent batch: size " + size + ", inputs " + inputs.length
                    + ", labels " + labels.length + ", puzzle identifiers " + puzzleIdentifiers.length);
        if (effectiveSize < 0 || effectiveSize > size)
            throw new IllegalArgumentException("effective size " + effectiveSize + " outside [0, " + size + "]");
    }

    public int seqLen() { return inputs.length / size; }
}
