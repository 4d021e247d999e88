package trm4j.data;

import trm4j.io.AtomicFiles;
import trm4j.io.DType;
import trm4j.io.Npy;
import trm4j.io.RawTensor;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Writes the official on-disk layout (dataset/common.py):
 * {@code <out>/identifiers.json}, {@code <out>/<split>/dataset.json} and
 * {@code <out>/<split>/<set>__{inputs,labels,puzzle_identifiers,puzzle_indices,group_indices}.npy}
 * (tokens uint8 [N, seq_len] as the official builders, index arrays int32).
 *
 * <p>Examples stream to disk as they are added (memory holds only the index arrays), puzzle by puzzle and group
 * by group: {@code addExample…, endPuzzle(id)}, then {@code endGroup()} after the group's puzzles. Everything is
 * staged in a hidden sibling directory and moved into {@code <out>} by {@link #finish}; {@link #close} without
 * finish deletes the staging directory, so no half-written dataset is ever visible.
 */
public final class PuzzleDatasetWriter implements AutoCloseable {
    public static final String DEFAULT_SET = "all";
    static final String[] FIELDS = {"inputs", "labels", "puzzle_identifiers", "puzzle_indices", "group_indices"};

    private final Path outDir;
    private final Path staging;
    /** Held while writing: tells a later writer that {@link #staging} is alive (see {@link #removeDeadStaging}). */
    private final java.nio.channels.FileChannel stagingLock;
    private final int seqLen;
    private final int vocabSize;
    private final int padId;
    private final Integer ignoreLabelId;
    private final int blankIdentifierId;
    private final DType tokenType;
    private final Map<String, Split> splits = new LinkedHashMap<>();
    private boolean finished;

    /** pad_id = 0, ignore_label_id = 0, blank_identifier_id = 0, as all official builders. */
    public PuzzleDatasetWriter(Path outDir, int seqLen, int vocabSize) throws IOException {
        this(outDir, seqLen, vocabSize, 0, 0, 0);
    }

    public PuzzleDatasetWriter(Path outDir, int seqLen, int vocabSize, int padId, Integer ignoreLabelId, int blankIdentifierId) throws IOException {
        if (seqLen <= 0) throw new IllegalArgumentException("seq_len must be positive, got " + seqLen);
        if (vocabSize <= 0) throw new IllegalArgumentException("vocab_size must be positive, got " + vocabSize);
        this.outDir = outDir.toAbsolutePath().normalize();
        this.seqLen = seqLen;
        this.vocabSize = vocabSize;
        this.padId = padId;
        this.ignoreLabelId = ignoreLabelId;
        this.blankIdentifierId = blankIdentifierId;
        // the official builders store tokens as uint8; only a vocabulary beyond 256 needs wider storage
        this.tokenType = vocabSize <= 256 ? DType.U8 : DType.I32;
        Path parent = this.outDir.getParent();
        if (parent == null) throw new IllegalArgumentException(outDir + ": cannot write a dataset at the file system root");
        if (Files.exists(this.outDir) && !Files.isDirectory(this.outDir))
            throw new IllegalArgumentException(outDir + ": exists and is not a directory; choose another output directory");
        Files.createDirectories(parent);
        String prefix = "." + this.outDir.getFileName() + ".partial-";
        removeDeadStaging(parent, prefix);
        this.staging = parent.resolve(prefix + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16));
        // the lock file first: a staging folder without one is a dead writer's
        Path lockFile = staging.resolveSibling(staging.getFileName() + LOCK_SUFFIX);
        this.stagingLock = java.nio.channels.FileChannel.open(lockFile, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
        stagingLock.lock();
        Files.createDirectory(staging);
    }

    private static final String LOCK_SUFFIX = ".lock";

    /**
     * Deletes the staging folders ({@code .<name>.partial-*}) of writers that died (killed, power loss): those whose
     * lock file is absent or no longer locked. Folders of writers still running are left alone.
     */
    static void removeDeadStaging(Path parent, String prefix) throws IOException {
        List<Path> found;
        try (Stream<Path> s = Files.list(parent)) {
            found = s.filter(p -> p.getFileName().toString().startsWith(prefix) && !p.getFileName().toString().endsWith(LOCK_SUFFIX)).toList();
        }
        for (Path dir : found) {
            Path lockFile = dir.resolveSibling(dir.getFileName() + LOCK_SUFFIX);
            if (!Files.exists(lockFile)) {
                AtomicFiles.deleteTree(dir);
                continue;
            }
            try (var ch = java.nio.channels.FileChannel.open(lockFile, java.nio.file.StandardOpenOption.WRITE)) {
                java.nio.channels.FileLock l;
                try {
                    l = ch.tryLock();
                } catch (java.nio.channels.OverlappingFileLockException e) {
                    l = null; // held by a writer in this process
                }
                if (l == null) continue;
                AtomicFiles.deleteTree(dir);
                Files.deleteIfExists(lockFile);
            }
        }
    }

    private void releaseStagingLock() throws IOException {
        stagingLock.close();
        Files.deleteIfExists(staging.resolveSibling(staging.getFileName() + LOCK_SUFFIX));
    }

    public Path outDir() { return outDir; }

    public int seqLen() { return seqLen; }

    public int vocabSize() { return vocabSize; }

    /** The hidden directory being written; it becomes {@link #outDir()} on finish. */
    public Path stagingDir() { return staging; }

    /** Opens a split with the official single set {@code "all"}. */
    public Split split(String name) throws IOException { return split(name, DEFAULT_SET); }

    public Split split(String name, String setName) throws IOException {
        checkOpen();
        if (!name.matches("[A-Za-z0-9_.-]+") || name.startsWith("."))
            throw new IllegalArgumentException("bad split name '" + name + "' (letters, digits, _ . - only)");
        if (!setName.matches("[A-Za-z0-9_.-]+") || setName.contains("__"))
            throw new IllegalArgumentException("bad set name '" + setName + "' (letters, digits, _ . -, no '__')");
        if (splits.containsKey(name)) throw new IllegalStateException("split '" + name + "' was already opened");
        Split s = new Split(name, setName);
        splits.put(name, s);
        return s;
    }

    /** Adds an extra top-level file (e.g. ARC's test_puzzles.json) that is moved into place with the rest. */
    public void addFile(String name, byte[] content) throws IOException { addFile(name, os -> os.write(content)); }

    /** As {@link #addFile(String, byte[])}, the content streamed by {@code body}. */
    public void addFile(String name, AtomicFiles.Body body) throws IOException {
        checkOpen();
        if (!name.matches("[A-Za-z0-9_.-]+") || name.startsWith(".") || name.equals(PuzzleIdentifiers.FILE_NAME) || splits.containsKey(name))
            throw new IllegalArgumentException("bad extra file name '" + name + "'");
        AtomicFiles.write(staging.resolve(name), body);
    }

    /**
     * Finishes open splits, writes every {@code dataset.json} (num_puzzle_identifiers = identifiers.size()) and
     * {@code identifiers.json}, and moves the dataset into place. Existing entries of the same names in
     * {@code outDir} are replaced (each one atomically); other files there are left alone.
     */
    public void finish(List<String> identifiers) throws IOException {
        checkOpen();
        if (identifiers.isEmpty()) throw new IllegalArgumentException("identifiers must contain at least \"<blank>\" at index 0");
        finishSplits(identifiers.size());
        PuzzleIdentifiers.write(identifiersFile(), identifiers);
        moveIntoPlace();
        finished = true;
        releaseStagingLock();
    }

    /**
     * Where a builder with too many names to hold (ARC) streams {@code identifiers.json} itself, in the
     * official {@code json.dump} form, before {@link #finish(int)}.
     */
    public Path identifiersFile() { return staging.resolve(PuzzleIdentifiers.FILE_NAME); }

    /** {@link #finish(List)} when {@link #identifiersFile()} was written by the caller and lists {@code numIdentifiers} names. */
    public void finish(int numIdentifiers) throws IOException {
        checkOpen();
        if (numIdentifiers < 1 || !Files.isRegularFile(identifiersFile()))
            throw new IllegalStateException("write " + PuzzleIdentifiers.FILE_NAME + " (at least \"<blank>\") before finishing");
        finishSplits(numIdentifiers);
        moveIntoPlace();
        finished = true;
        releaseStagingLock();
    }

    private void finishSplits(int numIdentifiers) throws IOException {
        for (Split s : splits.values()) {
            if (!s.finished) s.finish();
            if (s.maxIdentifier >= numIdentifiers)
                throw new IllegalArgumentException("split '" + s.name + "' uses puzzle identifier " + s.maxIdentifier
                        + " but only " + numIdentifiers + " identifiers were given");
            PuzzleDatasetMetadata m = s.adjust.apply(s.computedMetadata().withNumPuzzleIdentifiers(numIdentifiers));
            m.write(staging.resolve(s.name).resolve(PuzzleDatasetMetadata.FILE_NAME));
        }
    }

    private void moveIntoPlace() throws IOException {
        if (!Files.exists(outDir)) {
            try {
                Files.move(staging, outDir, StandardCopyOption.ATOMIC_MOVE);
                AtomicFiles.syncDir(outDir.getParent());
                return;
            } catch (AtomicMoveNotSupportedException e) {
                Files.createDirectories(outDir);
            }
        }
        List<Path> entries;
        try (Stream<Path> s = Files.list(staging)) { entries = s.toList(); }
        for (Path src : entries) {
            Path dst = outDir.resolve(src.getFileName().toString());
            if (Files.isDirectory(dst)) AtomicFiles.replaceDir(src, dst);
            else AtomicFiles.replace(src, dst);
        }
        Files.delete(staging);
        AtomicFiles.syncDir(outDir);
    }

    private void checkOpen() {
        if (finished) throw new IllegalStateException("dataset " + outDir + " already finished");
    }

    /** Without a prior {@link #finish}: discards everything written. */
    @Override
    public void close() throws IOException {
        if (finished) return;
        finished = true;
        for (Split s : splits.values()) s.abandon();
        AtomicFiles.deleteTree(staging);
        releaseStagingLock();
    }

    /** One split ({@code train} / {@code test}) with one set; add examples, close puzzles, close groups. */
    public final class Split {
        private final String name;
        private final String setName;
        private final Path dir;
        private final Npy.Appender inputs;
        private final Npy.Appender labels;
        private final byte[] row;
        private final IntList puzzleIdentifiers = new IntList();
        private final IntList puzzleIndices = new IntList();
        private final IntList groupIndices = new IntList();
        private int examples;
        private int maxIdentifier = -1;
        private UnaryOperator<PuzzleDatasetMetadata> adjust = UnaryOperator.identity();
        private boolean finished;

        private Split(String name, String setName) throws IOException {
            this.name = name;
            this.setName = setName;
            this.dir = Files.createDirectory(staging.resolve(name));
            this.inputs = Npy.append(dir.resolve(setName + "__inputs.npy"), tokenType, seqLen);
            this.labels = Npy.append(dir.resolve(setName + "__labels.npy"), tokenType, seqLen);
            this.row = new byte[seqLen * tokenType.bytes];
            puzzleIndices.add(0);
            groupIndices.add(0);
        }

        public String name() { return name; }

        public String setName() { return setName; }

        /** Examples added so far. */
        public int examples() { return examples; }

        /** Puzzles closed so far. */
        public int puzzles() { return puzzleIdentifiers.size(); }

        /** Groups closed so far. */
        public int groups() { return groupIndices.size() - 1; }

        /** Adds one example (input and label token sequences of seq_len) to the current puzzle. */
        public void addExample(int[] input, int[] label) throws IOException {
            checkWritable();
            append(inputs, input, "input", false);
            append(labels, label, "label", true);
            examples = Math.addExact(examples, 1);
        }

        /** As {@link #addExample(int[], int[])} for tokens already stored as unsigned bytes. */
        public void addExample(byte[] input, byte[] label) throws IOException {
            checkWritable();
            append(inputs, input, "input", false);
            append(labels, label, "label", true);
            examples = Math.addExact(examples, 1);
        }

        private void append(Npy.Appender out, int[] tokens, String what, boolean isLabel) throws IOException {
            if (tokens.length != seqLen)
                throw new IllegalArgumentException(name + " example " + examples + ": " + what + " has " + tokens.length + " tokens, seq_len is " + seqLen);
            for (int i = 0; i < seqLen; i++) {
                int t = tokens[i];
                checkToken(t, i, what, isLabel);
                if (tokenType == DType.U8) row[i] = (byte) t;
                else {
                    int o = 4 * i;
                    row[o] = (byte) t;
                    row[o + 1] = (byte) (t >>> 8);
                    row[o + 2] = (byte) (t >>> 16);
                    row[o + 3] = (byte) (t >>> 24);
                }
            }
            out.write(row);
        }

        private void append(Npy.Appender out, byte[] tokens, String what, boolean isLabel) throws IOException {
            if (tokenType != DType.U8) {
                int[] t = new int[tokens.length];
                for (int i = 0; i < t.length; i++) t[i] = tokens[i] & 0xff;
                append(out, t, what, isLabel);
                return;
            }
            if (tokens.length != seqLen)
                throw new IllegalArgumentException(name + " example " + examples + ": " + what + " has " + tokens.length + " tokens, seq_len is " + seqLen);
            for (int i = 0; i < seqLen; i++) checkToken(tokens[i] & 0xff, i, what, isLabel);
            out.write(tokens);
        }

        private void checkToken(int t, int pos, String what, boolean isLabel) {
            if ((t < 0 || t >= vocabSize) && !(isLabel && ignoreLabelId != null && t == ignoreLabelId))
                throw new IllegalArgumentException(name + " example " + examples + ": " + what + " token " + t + " at position " + pos
                        + " is outside the vocabulary [0, " + vocabSize + ")");
        }

        /** Closes the current puzzle (the examples added since the last endPuzzle) under {@code identifier}. */
        public void endPuzzle(int identifier) {
            checkWritable();
            if (identifier < 0) throw new IllegalArgumentException(name + " puzzle " + puzzles() + ": negative puzzle identifier " + identifier);
            if (examples == puzzleIndices.last())
                throw new IllegalStateException(name + " puzzle " + puzzles() + " has no examples (call addExample before endPuzzle)");
            puzzleIndices.add(examples);
            puzzleIdentifiers.add(identifier);
            maxIdentifier = Math.max(maxIdentifier, identifier);
        }

        /** Closes the current group (the puzzles closed since the last endGroup). */
        public void endGroup() {
            checkWritable();
            if (examples != puzzleIndices.last())
                throw new IllegalStateException(name + " group " + groups() + ": examples added after the last endPuzzle");
            if (puzzles() == groupIndices.last())
                throw new IllegalStateException(name + " group " + groups() + " has no puzzles (call endPuzzle before endGroup)");
            groupIndices.add(puzzles());
        }

        /** Changes the metadata written for this split, e.g. Sudoku's total_puzzles = total_groups. */
        public void adjustMetadata(UnaryOperator<PuzzleDatasetMetadata> adjust) {
            this.adjust = adjust;
        }

        /** The metadata as computed from what was written (num_puzzle_identifiers is set on writer finish). */
        public PuzzleDatasetMetadata computedMetadata() {
            int p = puzzles();
            return new PuzzleDatasetMetadata(padId, ignoreLabelId, blankIdentifierId, vocabSize, seqLen, 0,
                    groups(), p == 0 ? 0.0 : (double) examples / p, p, List.of(setName));
        }

        /** Completes the split's arrays; no more examples may be added. */
        public void finish() throws IOException {
            checkWritable();
            if (examples != puzzleIndices.last())
                throw new IllegalStateException(name + ": examples added after the last endPuzzle");
            if (puzzles() != groupIndices.last())
                throw new IllegalStateException(name + ": puzzles closed after the last endGroup");
            if (groups() == 0) throw new IllegalStateException(name + ": no groups were written");
            finished = true;
            inputs.finish();
            labels.finish();
            Npy.write(dir.resolve(setName + "__puzzle_identifiers.npy"), puzzleIdentifiers.tensor());
            Npy.write(dir.resolve(setName + "__puzzle_indices.npy"), puzzleIndices.tensor());
            Npy.write(dir.resolve(setName + "__group_indices.npy"), groupIndices.tensor());
        }

        private void checkWritable() {
            if (finished || PuzzleDatasetWriter.this.finished) throw new IllegalStateException("split '" + name + "' already finished");
        }

        private void abandon() throws IOException {
            inputs.close();
            labels.close();
        }
    }

    /** A growable int array (the index arrays are small: one entry per puzzle or group). */
    private static final class IntList {
        private int[] a = new int[1024];
        private int n;

        void add(int v) {
            if (n == a.length) a = Arrays.copyOf(a, n * 2);
            a[n++] = v;
        }

        int size() { return n; }

        int last() { return a[n - 1]; }

        RawTensor tensor() { return RawTensor.ofInts(Arrays.copyOf(a, n), n); }
    }
}
