package trm4j.train;

import trm4j.io.RawTensor;
import trm4j.io.Safetensors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkpoints of one run directory. A checkpoint is a folder {@code step_<N>} (the official name) holding
 * {@value #CONFIG}, {@value #MODEL}, optionally {@value #EMA} and {@value #TRAIN_STATE}, and a snapshot of the
 * run's {@value #METRICS}. It is written under a hidden temporary name and renamed when complete, so a
 * process that dies mid-write leaves the previous checkpoints valid and {@link #latest()} never sees a half one.
 */
public final class CheckpointDir {
    public static final String CONFIG = "config.json";
    public static final String MODEL = "model.safetensors";
    public static final String EMA = "ema.safetensors";
    public static final String TRAIN_STATE = "train_state.safetensors";
    public static final String METRICS = "metrics.jsonl";

    private static final Pattern NAME = Pattern.compile("step_(\\d+)");
    private static final String TMP_PREFIX = ".tmp-";

    private final Path runDir;

    public CheckpointDir(Path runDir) { this.runDir = runDir; }

    public Path runDir() { return runDir; }

    /** The run's live metrics log ({@code <run>/metrics.jsonl}). */
    public Path metricsFile() { return runDir.resolve(METRICS); }

    /** Where the checkpoint of {@code step} lives once committed. */
    public Path pathOf(long step) { return runDir.resolve("step_" + step); }

    /** The step of a checkpoint folder named {@code step_<N>}, or -1. */
    public static long stepOf(Path checkpoint) {
        Path name = checkpoint.getFileName();
        Matcher m = name == null ? null : NAME.matcher(name.toString());
        return m != null && m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Complete checkpoints, oldest step first. */
    public List<Path> list() throws IOException {
        if (!Files.isDirectory(runDir)) return List.of();
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(runDir)) {
            for (Path p : ds) if (stepOf(p) >= 0 && Files.isRegularFile(p.resolve(MODEL)) && Files.isRegularFile(p.resolve(CONFIG))) out.add(p);
        }
        out.sort(Comparator.comparingLong(CheckpointDir::stepOf));
        return out;
    }

    /** The complete checkpoint with the highest step. */
    public Optional<Path> latest() throws IOException {
        List<Path> all = list();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
    }

    /**
     * A path given by a user: a checkpoint folder, a run folder (→ its latest checkpoint) or {@code RUN/latest}.
     * IllegalArgumentException with the fix when nothing complete is there.
     */
    public static Path resolve(Path given) throws IOException {
        Path p = given;
        if (p.getFileName() != null && p.getFileName().toString().equals("latest") && !Files.exists(p)) p = p.getParent() == null ? Path.of(".") : p.getParent();
        if (Files.isRegularFile(p.resolve(MODEL)) && stepOf(p) < 0 && Files.isRegularFile(p.resolve(CONFIG))) return p;
        if (stepOf(p) >= 0) {
            if (Files.isRegularFile(p.resolve(MODEL))) return p;
            throw new IllegalArgumentException(given + ": checkpoint has no " + MODEL + " (incomplete copy?); use an earlier step_N");
        }
        if (!Files.isDirectory(p)) throw new IllegalArgumentException(given + ": no such checkpoint or run directory");
        return new CheckpointDir(p).latest().orElseThrow(() -> new IllegalArgumentException(
                given + ": no complete checkpoint (step_N folder with " + CONFIG + " and " + MODEL + ") in this directory"));
    }

    /** Starts writing the checkpoint of {@code step} in a fresh temporary folder (leftovers of dead writers are removed). */
    public Staging begin(long step) throws IOException {
        if (step < 0) throw new IllegalArgumentException("checkpoint step must be >= 0, got " + step);
        Files.createDirectories(runDir);
        removeStale();
        Path tmp = Files.createTempDirectory(runDir, TMP_PREFIX + "step_" + step + "-");
        return new Staging(this, step, tmp);
    }

    /** Deletes hidden temporary folders left by writers that died. */
    public void removeStale() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(runDir, TMP_PREFIX + "*")) {
            for (Path p : ds) deleteTree(p);
        }
    }

    /** Replaces the run's metrics log by the snapshot inside {@code checkpoint} (resume: drop later lines). */
    public void restoreMetrics(Path checkpoint) throws IOException {
        Path snap = checkpoint.resolve(METRICS);
        Path tmp = Files.createTempFile(runDir, "." + METRICS + ".", ".tmp");
        try {
            if (Files.exists(snap)) Files.copy(snap, tmp, StandardCopyOption.REPLACE_EXISTING);
            moveAtomically(tmp, metricsFile());
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A checkpoint being written; {@link #commit()} publishes it, {@link #close()} without commit discards it. */
    public static final class Staging implements AutoCloseable {
        private final CheckpointDir owner;
        private final long step;
        private final Path dir;
        private boolean done;

        private Staging(CheckpointDir owner, long step, Path dir) {
            this.owner = owner;
            this.step = step;
            this.dir = dir;
        }

        /** The temporary folder; other files may be written into it before {@link #commit()}. */
        public Path dir() { return dir; }

        public long step() { return step; }

        public Staging writeConfig(TrainConfig config) throws IOException { return writeText(CONFIG, config.toJson() + "\n"); }

        public Staging writeModel(Map<String, RawTensor> tensors) throws IOException { return writeTensors(MODEL, tensors, Map.of()); }

        public Staging writeEma(Map<String, RawTensor> tensors) throws IOException { return writeTensors(EMA, tensors, Map.of()); }

        public Staging writeTrainState(Map<String, RawTensor> tensors, Map<String, String> metadata) throws IOException {
            return writeTensors(TRAIN_STATE, tensors, metadata);
        }

        public Staging writeTensors(String file, Map<String, RawTensor> tensors, Map<String, String> metadata) throws IOException {
            Safetensors.write(dir.resolve(file), tensors, metadata);
            return this;
        }

        public Staging writeText(String file, String text) throws IOException {
            Path target = dir.resolve(file);
            Files.writeString(target, text, StandardCharsets.UTF_8);
            force(target);
            return this;
        }

        /** Copies the run's metrics log as it is now into the checkpoint (for resume). */
        public Staging snapshotMetrics() throws IOException {
            Path live = owner.metricsFile();
            if (Files.exists(live)) {
                Files.copy(live, dir.resolve(METRICS), StandardCopyOption.REPLACE_EXISTING);
                force(dir.resolve(METRICS));
            }
            return this;
        }

        /** Renames the folder to {@code step_<N>} (replacing an older one of the same step) and returns its path. */
        public Path commit() throws IOException {
            if (done) throw new IllegalStateException("checkpoint of step " + step + " already committed or discarded");
            if (!Files.isRegularFile(dir.resolve(MODEL)) || !Files.isRegularFile(dir.resolve(CONFIG)))
                throw new IllegalStateException("checkpoint of step " + step + " needs " + CONFIG + " and " + MODEL + " before commit");
            Path target = owner.pathOf(step);
            Path old = null;
            if (Files.exists(target)) {
                old = Files.createTempDirectory(owner.runDir, TMP_PREFIX + "old-");
                Files.delete(old);
                moveAtomically(target, old);
            }
            moveAtomically(dir, target);
            done = true;
            if (old != null) deleteTree(old);
            return target;
        }

        @Override
        public void close() throws IOException {
            if (!done) {
                done = true;
                deleteTree(dir);
            }
        }
    }

    private static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
