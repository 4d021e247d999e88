package trm4j.data;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The official training stream ({@code PuzzleDataset._iter_train} in the official {@code puzzle_dataset.py}), single process
 * (local batch = global batch). One call of {@link #beginIteration} starts a pass ("iteration") over the sets:
 * per set, {@code iters += 1}, the group order is the concatenation of {@code epochsPerIter} random permutations
 * of all groups, and batches are filled from that order: for each group one uniformly drawn puzzle, of which
 * {@code min(puzzle size, room left)} examples are taken without replacement in random order; an incomplete
 * last batch is dropped. Labels equal to ignore_label_id become −100.
 *
 * <p>Randomness: a per-set generator seeded from {@code seed + iters} (the official Philox(seed + iters))
 * draws the permutations and puzzles; a persistent generator (the official worker's global numpy RNG) draws the
 * examples. The streams differ from numpy's; their statistics are the official ones.
 * {@link #snapshot}/{@link #restore} save and restore the full position for bit-exact resume.
 */
public final class BatchSampler {
    public static final int IGNORE_LABEL_ID = -100;
    private static final long STATE_TAG = 0x54524D_53414D50L;   // "TRMSAMP", layout version 1
    private static final long EXAMPLE_STREAM = 0x5DEECE66DL;

    private final PuzzleDataset dataset;
    private final List<PuzzleSet> sets;
    private final long seed;
    private final int globalBatchSize;
    private final int epochsPerIter;
    private final int seqLen;
    private final Integer ignoreLabelId;

    private final SamplerRng exampleRng;
    private SamplerRng setRng;
    private long iters;
    private boolean inIteration;
    private int setIndex;
    private int[] groupOrder;
    private int startIndex;
    private int[] scratch = new int[16];

    /** The sampler's position: plain longs (see {@link BatchSampler#snapshot()}). */
    public record State(long[] words) {
        public State {
            words = words.clone();
        }

        @Override
        public long[] words() { return words.clone(); }

        @Override
        public boolean equals(Object o) { return o instanceof State s && Arrays.equals(words, s.words); }

        @Override
        public int hashCode() { return Arrays.hashCode(words); }

        @Override
        public String toString() { return "BatchSampler.State" + Arrays.toString(words); }
    }

    public BatchSampler(PuzzleDataset dataset, long seed, int globalBatchSize, int epochsPerIter) {
        if (globalBatchSize <= 0) throw new IllegalArgumentException("global_batch_size must be positive, got " + globalBatchSize);
        if (epochsPerIter <= 0) throw new IllegalArgumentException("epochs per iteration must be positive, got " + epochsPerIter);
        this.dataset = dataset;
        this.sets = dataset.sets();
        this.seed = seed;
        this.globalBatchSize = globalBatchSize;
        this.epochsPerIter = epochsPerIter;
        this.seqLen = dataset.seqLen();
        this.ignoreLabelId = dataset.metadata().ignoreLabelId();
        this.exampleRng = new SamplerRng(SamplerRng.splitMix(seed ^ EXAMPLE_STREAM));
    }

    public PuzzleDataset dataset() { return dataset; }

    public int globalBatchSize() { return globalBatchSize; }

    public int epochsPerIter() { return epochsPerIter; }

    /** The official {@code _iters}: incremented once per set per iteration (= iterations begun, for one set). */
    public long iters() { return iters; }

    /** Whether an iteration is in progress (begun and not yet ended by {@link #next} returning null). */
    public boolean inIteration() { return inIteration; }

    /** Starts the next iteration (pass of {@code epochsPerIter} epochs over every set). */
    public void beginIteration() {
        if (inIteration) throw new IllegalStateException("the current iteration has not ended (call next() until it returns null)");
        inIteration = true;
        startSet(0);
    }

    private void startSet(int k) {
        setIndex = k;
        iters++;
        setRng = new SamplerRng(seed + iters);
        groupOrder = groupOrder(setRng, sets.get(k).numGroups());
        startIndex = 0;
    }

    private int[] groupOrder(SamplerRng rng, int groups) {
        int[] order = new int[Math.multiplyExact(groups, epochsPerIter)];
        for (int e = 0; e < epochsPerIter; e++) {
            int base = e * groups;
            for (int i = 0; i < groups; i++) order[base + i] = i;
            for (int i = groups - 1; i > 0; i--) {   // Fisher–Yates
                int j = rng.nextInt(i + 1);
                int t = order[base + i];
                order[base + i] = order[base + j];
                order[base + j] = t;
            }
        }
        return order;
    }

    /** The next full batch of the current iteration, or null when the iteration has ended. */
    public Batch next() {
        if (!inIteration) throw new IllegalStateException("no iteration in progress (call beginIteration first)");
        while (true) {
            Batch b = startIndex < groupOrder.length ? sample(sets.get(setIndex)) : null;
            if (b != null) return b;
            // set exhausted or its last batch incomplete (dropped): go to the next set, or end the iteration
            if (setIndex + 1 < sets.size()) {
                startSet(setIndex + 1);
            } else {
                inIteration = false;
                groupOrder = null;
                setRng = null;
                return null;
            }
        }
    }

    /**
     * {@link #next} until null, beginning an iteration unless one (e.g. a restored one) is in progress. The iterator
     * reads one batch ahead, so a {@link #snapshot} taken while iterating is one batch past what was consumed:
     * resumable loops call {@link #next} directly.
     */
    public Iterable<Batch> iteration() {
        if (!inIteration) beginIteration();
        return () -> new Iterator<>() {
            private Batch pending = BatchSampler.this.next();

            @Override
            public boolean hasNext() { return pending != null; }

            @Override
            public Batch next() {
                if (pending == null) throw new NoSuchElementException();
                Batch b = pending;
                pending = BatchSampler.this.inIteration ? BatchSampler.this.next() : null;
                return b;
            }
        };
    }

    /** Fills one batch (official {@code _sample_batch}); null when it cannot be filled (dropped). */
    private Batch sample(PuzzleSet set) {
        int[] inputs = new int[globalBatchSize * seqLen];
        int[] labels = new int[globalBatchSize * seqLen];
        int[] ids = new int[globalBatchSize];
        int filled = 0;
        while (startIndex < groupOrder.length && filled < globalBatchSize) {
            int g = groupOrder[startIndex++];
            int lo = set.groupStart(g), hi = set.groupEnd(g);
            if (hi <= lo)
                throw new IllegalArgumentException(dataset.dir() + ": group " + g + " of set '" + set.name() + "' has no puzzles (check group_indices)");
            int puzzle = lo + setRng.nextInt(hi - lo);
            int start = set.puzzleStart(puzzle);
            int size = set.puzzleEnd(puzzle) - start;
            int take = Math.min(size, globalBatchSize - filled);
            if (scratch.length < size) scratch = new int[Math.max(size, 2 * scratch.length)];
            for (int i = 0; i < size; i++) scratch[i] = i;
            int id = set.puzzleIdentifier(puzzle);
            for (int k = 0; k < take; k++) {   // partial Fisher–Yates: without replacement, random order
                int j = k + exampleRng.nextInt(size - k);
                int t = scratch[k];
                scratch[k] = scratch[j];
                scratch[j] = t;
                int row = filled + k;
                set.readInputs(start + scratch[k], inputs, row * seqLen);
                set.readLabels(start + scratch[k], labels, row * seqLen);
                ids[row] = id;
            }
            filled += take;
        }
        if (filled < globalBatchSize) return null;
        ignoreLabels(labels, 0, labels.length);
        return new Batch(inputs, labels, ids, globalBatchSize, globalBatchSize);
    }

    private void ignoreLabels(int[] labels, int from, int to) {
        if (ignoreLabelId == null) return;
        int ig = ignoreLabelId;
        for (int i = from; i < to; i++) if (labels[i] == ig) labels[i] = IGNORE_LABEL_ID;
    }

    /**
     * Rank {@code rank}'s part of a global batch in data-parallel training (official multi-process sampler): rows
     * {@code [rank·local, (rank+1)·local)} with {@code local = size / ranks}. Every rank draws the same global batch
     * (same seed, same position) and keeps its slice, so the global stream does not depend on the number of ranks.
     * A test batch's padding stays padding: the slice's effective size counts its real rows only.
     */
    public static Batch rankSlice(Batch global, int rank, int ranks) {
        if (ranks == 1) return global;
        if (ranks < 1 || rank < 0 || rank >= ranks || global.size() % ranks != 0)
            throw new IllegalArgumentException("rank " + rank + " of " + ranks + ": a batch of " + global.size() + " does not split evenly");
        int local = global.size() / ranks, len = global.seqLen(), from = rank * local;
        int[] inputs = Arrays.copyOfRange(global.inputs(), from * len, (from + local) * len);
        int[] labels = Arrays.copyOfRange(global.labels(), from * len, (from + local) * len);
        int[] ids = Arrays.copyOfRange(global.puzzleIdentifiers(), from, from + local);
        int effective = Math.clamp(global.effectiveSize() - from, 0, local);
        return new Batch(inputs, labels, ids, local, effective);
    }

    /** The current set's group order (tests check the stream against it); null between iterations. */
    int[] groupOrder() { return groupOrder; }

    // ---------------------------------------------------------------- resume

    private long totalGroups() {
        long g = 0;
        for (PuzzleSet s : sets) g += s.numGroups();
        return g;
    }

    /**
     * The position as 17 longs: tag, seed, global batch, epochs per iteration, total groups (the last four
     * are checked on restore), iters, in-iteration flag, set index, position in the group order, the per-set
     * generator (4 longs, zero between iterations) and the example generator (4 longs).
     */
    public State snapshot() {
        long[] w = new long[17];
        w[0] = STATE_TAG;
        w[1] = seed;
        w[2] = globalBatchSize;
        w[3] = epochsPerIter;
        w[4] = totalGroups();
        w[5] = iters;
        w[6] = inIteration ? 1 : 0;
        w[7] = setIndex;
        w[8] = startIndex;
        if (inIteration) setRng.state(w, 9);
        exampleRng.state(w, 13);
        return new State(w);
    }

    /** Continues exactly where {@link #snapshot} was taken (same dataset, seed, batch size and epochs). */
    public void restore(State state) {
        long[] w = state.words;
        if (w.length != 17 || w[0] != STATE_TAG) throw new IllegalArgumentException("not a batch sampler state (bad tag or length " + w.length + ")");
        if (w[1] != seed || w[2] != globalBatchSize || w[3] != epochsPerIter || w[4] != totalGroups())
            throw new IllegalArgumentException("sampler state is for seed " + w[1] + ", global batch " + w[2] + ", epochs per iteration "
                    + w[3] + ", " + w[4] + " groups; this run has " + seed + ", " + globalBatchSize + ", " + epochsPerIter + ", " + totalGroups());
        if (w[6] != 0 && (w[7] < 0 || w[7] >= sets.size())) throw new IllegalArgumentException("sampler state has set index " + w[7] + " of " + sets.size());
        exampleRng.setState(w, 13);
        iters = w[5];
        inIteration = w[6] != 0;
        if (inIteration) {
            setIndex = (int) w[7];
            // the group order is a pure function of (seed, iters): regenerate it, then jump the generator ahead
            setRng = new SamplerRng(seed + iters);
            groupOrder = groupOrder(setRng, sets.get(setIndex).numGroups());
            if (w[8] < 0 || w[8] > groupOrder.length) throw new IllegalArgumentException("sampler state position " + w[8] + " outside the group order");
            startIndex = (int) w[8];
            setRng.setState(w, 9);
        } else {
            setIndex = 0;
            startIndex = 0;
            groupOrder = null;
            setRng = null;
        }
    }

    // ---------------------------------------------------------------- step count and evaluation stream

    /** Official estimate: {@code int(epochs * total_groups * mean_puzzle_examples / global_batch_size)}. */
    public static long totalSteps(PuzzleDatasetMetadata train, long epochs, int globalBatchSize) {
        double examples = (double) Math.multiplyExact(epochs, (long) train.totalGroups()) * train.meanPuzzleExamples();
        return (long) (examples / globalBatchSize);
    }

    /** {@link #totalSteps(PuzzleDatasetMetadata, long, int)} for this sampler's dataset. */
    public long totalSteps(long epochs, int globalBatchSize) {
        return totalSteps(dataset.metadata(), epochs, globalBatchSize);
    }

    /** How many batches {@link #testBatches} yields: each set in padded batches of its own. */
    public static long testBatchCount(PuzzleDataset dataset, int globalBatchSize) {
        return dataset.sets().stream().mapToLong(s -> (s.numExamples() + (long) globalBatchSize - 1) / globalBatchSize).sum();
    }

    /**
     * The official evaluation stream ({@code _iter_test}): every example of every set in order, {@code globalBatchSize}
     * at a time; the last batch is padded (inputs = pad_id, labels = −100, puzzle id = blank_identifier_id) and
     * its {@code effectiveSize} counts the real rows.
     */
    public static Iterable<Batch> testBatches(PuzzleDataset dataset, int globalBatchSize) {
        if (globalBatchSize <= 0) throw new IllegalArgumentException("global_batch_size must be positive, got " + globalBatchSize);
        return () -> new Iterator<>() {
            private int set = 0;
            private int start = 0;

            private boolean advance() {
                while (set < dataset.sets().size() && start >= dataset.sets().get(set).numExamples()) {
                    set++;
                    start = 0;
                }
                return set < dataset.sets().size();
            }

            @Override
            public boolean hasNext() { return advance(); }

            @Override
            public Batch next() {
                if (!advance()) throw new NoSuchElementException();
                PuzzleSet s = dataset.sets().get(set);
                int end = Math.min(s.numExamples(), start + globalBatchSize);
                Batch b = testBatch(dataset, s, start, end, globalBatchSize);
                start += globalBatchSize;
                return b;
            }
        };
    }

    private static Batch testBatch(PuzzleDataset ds, PuzzleSet s, int start, int end, int batch) {
        PuzzleDatasetMetadata m = ds.metadata();
        int seqLen = ds.seqLen();
        int[] inputs = new int[batch * seqLen];
        int[] labels = new int[batch * seqLen];
        int[] ids = new int[batch];
        int n = end - start;
        int puzzle = s.puzzleOfExample(start);
        for (int r = 0; r < n; r++) {
            int e = start + r;
            while (puzzle + 1 < s.numPuzzles() && e >= s.puzzleEnd(puzzle)) puzzle++;
            s.readInputs(e, inputs, r * seqLen);
            s.readLabels(e, labels, r * seqLen);
            ids[r] = s.puzzleIdentifier(puzzle);
        }
        if (m.ignoreLabelId() != null) {
            int ig = m.ignoreLabelId();
            for (int i = 0; i < n * seqLen; i++) if (labels[i] == ig) labels[i] = IGNORE_LABEL_ID;
        }
        Arrays.fill(inputs, n * seqLen, inputs.length, m.padId());
        Arrays.fill(labels, n * seqLen, labels.length, IGNORE_LABEL_ID);
        Arrays.fill(ids, n, batch, m.blankIdentifierId());
        return new Batch(inputs, labels, ids, batch, n);
    }
}
