package trm4j.model;

import java.util.Locale;

/**
 * What a model of a given {@link TrmConfig} asks of the machine, checked before anything is allocated: a lower
 * bound of the bytes its parameters and one batch of activations take, against the Java heap limit, and every
 * array length against Java's 2³¹ elements. A config that cannot fit is refused with one line that says what
 * it needs, instead of an OutOfMemoryError (or a negative array size) half-way through building it.
 */
public final class MemoryEstimate {
    private MemoryEstimate() {}

    /** Largest array Java allocates (a few header words below 2³¹). */
    static final double MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** A lower bound of the number of parameters (embeddings, heads, puzzle table, the blocks' projections). */
    public static double parameters(TrmConfig c) {
        double d = c.hidden_size(), v = c.vocab_size(), seq = c.totalSeqLen();
        double block = 2 * c.expansion() * d * d + (c.mlp_t() ? 2 * c.expansion() * seq * seq : 4 * d * d);
        return 2 * v * d + (double) c.num_puzzle_identifiers() * c.puzzle_emb_ndim() + (c.L_layers() + c.H_layers()) * block
                + (c.learnedPositions() ? seq * d : 0);
    }

    /** A lower bound of the activation floats one example needs in a training step (caches of L_cycles + 1 applications). */
    static double activationsPerExample(TrmConfig c) {
        double sd = (double) c.totalSeqLen() * c.hidden_size();
        return sd * (c.L_cycles() + 7) + (double) c.seq_len() * c.vocab_size() * 2;
    }

    /**
     * Refuses {@code config} at {@code batch} examples when an array would exceed Java's limit or the parameters
     * ({@code copies} float arrays of each: value, gradient, optimizer moments, EMA…) plus the activations
     * cannot fit in the heap. {@code what} names the source (a config file, an option) for the message.
     */
    public static void check(TrmConfig c, long batch, int copies, String what) {
        double sd = (double) batch * c.totalSeqLen() * c.hidden_size();
        double logits = (double) batch * c.seq_len() * c.vocab_size();
        double table = (double) c.num_puzzle_identifiers() * c.puzzle_emb_ndim();
        double mlp = c.expansion() * 2 * c.hidden_size() * c.hidden_size(), embed = c.vocab_size() * (double) c.hidden_size();
        String big = sd > MAX_ARRAY ? "the activations (batch " + batch + " × positions " + c.totalSeqLen() + " × hidden_size " + c.hidden_size() + ")"
                : logits > MAX_ARRAY ? "the logits (batch " + batch + " × seq_len " + c.seq_len() + " × vocab_size " + c.vocab_size() + ")"
                : table > MAX_ARRAY ? "the puzzle table (num_puzzle_identifiers " + c.num_puzzle_identifiers() + " × puzzle_emb_ndim " + c.puzzle_emb_ndim() + ")"
                : mlp > MAX_ARRAY ? "an MLP weight (≈ 2·expansion × hidden_size² for hidden_size " + c.hidden_size() + ")"
                : embed > MAX_ARRAY ? "the embedding (vocab_size " + c.vocab_size() + " × hidden_size " + c.hidden_size() + ")" : null;
        if (big != null)
            throw new IllegalArgumentException(what + ": " + big + " exceeds the 2^31 elements of a Java array; make it smaller");
        double bytes = 4 * (parameters(c) * copies + batch * activationsPerExample(c));
        checkHeap(bytes, String.format(Locale.ROOT, "%s: the model (%.3g parameters) at batch %d", what, parameters(c), batch),
                "make hidden_size, the batch or the puzzle table smaller");
    }

    /**
     * Refuses a job that needs at least {@code bytes} of heap when the Java heap limit is smaller: one line naming
     * {@code what}, the two sizes, {@code fix} and how to raise the limit.
     */
    public static void checkHeap(double bytes, String what, String fix) {
        long max = Runtime.getRuntime().maxMemory();
        if (bytes > max)
            throw new IllegalArgumentException(what + " needs at least " + human(bytes) + " of memory, more than the Java heap limit of "
                    + human(max) + ": " + fix + ", or raise the limit with TRM_JAVA_OPTS=-Xmx<size>");
    }

    static String human(double bytes) {
        return bytes >= 1 << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (1 << 30))
                : String.format(Locale.ROOT, "%.0f MiB", bytes / (1 << 20));
    }
}
