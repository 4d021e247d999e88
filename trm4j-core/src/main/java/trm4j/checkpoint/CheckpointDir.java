package trm4j.checkpoint;

import trm4j.io.AtomicFiles;
import trm4j.io.RawTensor;
import trm4j.io.Safetensors;
import trm4j.train.TrainConfig;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checkpoints of one run directory. A checkpoint is a folder {@code step_<N>} (the official name) holding
 * {@value #CONFIG}, {@value #MODEL} (the EMA weights when EMA is on), {@value #TRAIN_STATE}, and a snapshot of the
 * run's {@value #METRICS}. It is written under a hidden temporary name, fsynced, and renamed when complete, so a
 * process that dies mid-write leaves the previous checkpoints valid and {@link #latest()} never sees a half one.
 * Replacing an existing {@code step_N} first renames it to {@code .replaced-step_N}, which {@link #list()} counts
 * as {@code step_N} until the new one is in place, and {@link #recover()} restores if the writer died between
 * the two renames. A process writing the run holds {@link #lock()}.
 */
public final class CheckpointDir {
    public static final String CONFIG = "config.json";
    public static final String MODEL = "model.safetensors";
    public static final String TRAIN_STATE = "train_state.safetensors";
    public static final String METRICS = "metrics.jsonl";

    /** The lock file a writer holds ({@link #lock()}). */
    public static final String LOCK = ".trm.lock";

    private static final Pattern NAME = Pattern.compile("(?:\\.replaced-)?step_(\\d+)");
    private static final String TMP_PREFIX = ".tmp-";
    private static final String REPLACED_PREFIX = ".replaced-";

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

    /**
     * Complete checkpoints, oldest step first. A {@code .replaced-step_N} (a checkpoint being replaced) stands in
     * for {@code step_N} while that is absent.
     */
    public List<Path> list() throws IOException {
        if (!Files.isDirectory(runDir)) return List.of();
        Map<Long, Path> byStep = new java.util.TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(runDir)) {
            for (Path p : ds) {
                long step = stepOf(p);
                if (step < 0 || !Files.isRegularFile(p.resolve(MODEL)) || !Files.isRegularFile(p.resolve(CONFIG))) continue;
                boolean replaced = p.getFileName().toString().startsWith(REPLACED_PREFIX);
                if (!replaced || !byStep.containsKey(step)) byStep.put(step, p);
            }
        }
        return new ArrayList<>(byStep.values());
    }

    /**
     * Finishes what a writer killed mid-commit left: a {@code .replaced-step_N} whose new {@code step_N} is in
     * place is deleted, one whose new {@code step_N} never arrived is renamed back; staging folders are removed.
     */
    public void recover() throws IOException {
        if (!Files.isDirectory(runDir)) return;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(runDir, REPLACED_PREFIX + "*")) {
            for (Path p : ds) {
                Path target = runDir.resolve(p.getFileName().toString().substring(REPLACED_PREFIX.length()));
                if (Files.isRegularFile(target.resolve(MODEL))) AtomicFiles.deleteTree(p);
                else {
                    AtomicFiles.deleteTree(target);
                    AtomicFiles.move(p, target);
                }
            }
        }
        removeStale();
    }

    /** Whether the folder holds anything of a run: a checkpoint, a metrics log, plots or a half-written checkpoint. */
    public boolean holdsRun() throws IOException {
        return !runEntries().isEmpty();
    }

    private List<Path> runEntries() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(runDir)) return out;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(runDir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (stepOf(p) >= 0 || n.startsWith(TMP_PREFIX) || n.equals(METRICS) || n.equals("plots")) out.add(p);
            }
        }
        return out;
    }

    /** Deletes everything of an earlier run ({@link #holdsRun()}); other files in the folder are left alone. */
    public void clearRun() throws IOException {
        for (Path p : runEntries()) AtomicFiles.deleteTree(p);
        AtomicFiles.syncDir(runDir);
    }

    /**
     * Takes the run's lock (creating the folder): while it is held, no other trm process can write this run. The
     * operating system releases it when the process ends, however it ends. Refused with one line when held.
     */
    public Lock lock() throws IOException {
        Files.createDirectories(runDir);
        Path f = runDir.resolve(LOCK);
        FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        java.nio.channels.FileLock l;
        try {
            l = ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            l = null;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (l == null) {
            ch.close();
            throw new IllegalArgumentException(runDir + ": another trm process is writing this run (it holds " + f
                    + "); wait for it to end, or choose another --run-dir");
        }
        return new Lock(ch);
    }

    /** A held run lock; {@link #close()} releases it. */
    public static final class Lock implements AutoCloseable {
        private final FileChannel ch;

        private Lock(FileChannel ch) { this.ch = ch; }

        @Override
        public void close() throws IOException { ch.close(); }
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
        recover();
        // Not Files.createTempDirectory: its owner-only permissions would stay on the renamed step_N.
        Path tmp = Files.createDirectory(runDir.resolve(TMP_PREFIX + "step_" + step + "-"
                + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 16)));
        return new Staging(this, step, tmp);
    }

    /** Deletes hidden temporary folders left by writers that died. */
    public void removeStale() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(runDir, TMP_PREFIX + "*")) {
            for (Path p : ds) AtomicFiles.deleteTree(p);
        }
    }

    /** Replaces the run's metrics log by the snapshot inside {@code checkpoint} (resume: drop later lines). */
    public void restoreMetrics(Path checkpoint) throws IOException {
        Path snap = checkpoint.resolve(METRICS);
        AtomicFiles.write(metricsFile(), os -> { if (Files.exists(snap)) Files.copy(snap, os); });
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

        public Staging writeTrainState(Map<String, RawTensor> tensors, Map<String, String> metadata) throws IOException {
            return writeTensors(TRAIN_STATE, tensors, metadata);
        }

        public Staging writeTensors(String file, Map<String, RawTensor> tensors, Map<String, String> metadata) throws IOException {
            Safetensors.write(dir.resolve(file), tensors, metadata);
            return this;
        }

        public Staging writeText(String file, String text) throws IOException {
            AtomicFiles.writeString(dir.resolve(file), text);
            return this;
        }

        /** Copies the run's metrics log as it is now into the checkpoint (for resume). */
        public Staging snapshotMetrics() throws IOException {
            Path live = owner.metricsFile();
            if (Files.exists(live)) AtomicFiles.write(dir.resolve(METRICS), os -> Files.copy(live, os));
            return this;
        }

        /** Renames the folder to {@code step_<N>} (replacing an older one of the same step) and returns its path. */
        public Path commit() throws IOException {
            if (done) throw new IllegalStateException("checkpoint of step " + step + " already committed or discarded");
            if (!Files.isRegularFile(dir.resolve(MODEL)) || !Files.isRegularFile(dir.resolve(CONFIG)))
                throw new IllegalStateException("checkpoint of step " + step + " needs " + CONFIG + " and " + MODEL + " before commit");
            AtomicFiles.syncDir(dir);
            Path target = owner.pathOf(step);
            Path old = null;
            if (Files.exists(target)) {
                // step_N → .replaced-step_N → (new) step_N: list() sees one of the two at every moment.
                old = owner.runDir.resolve(REPLACED_PREFIX + target.getFileName());
                AtomicFiles.deleteTree(old);
                AtomicFiles.move(target, old);
            }
            AtomicFiles.move(dir, target);
            done = true;
            if (old != null) AtomicFiles.deleteTree(old);
            return target;
        }

        @Override
        public void close() throws IOException {
            if (!done) {
                done = true;
                AtomicFiles.deleteTree(dir);
            }
        }
    }
}
