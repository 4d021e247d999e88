package trm4j.train;

import trm4j.checkpoint.ArchInference;
import trm4j.checkpoint.CheckpointDir;
import trm4j.checkpoint.TrainState;
import trm4j.data.Batch;
import trm4j.data.BatchAugment;
import trm4j.data.BatchSampler;
import trm4j.data.PuzzleDataset;
import trm4j.data.PuzzleDatasetMetadata;
import trm4j.data.SamplerRng;
import trm4j.data.TaskFamily;
import trm4j.data.sudoku.SudokuBatchAugment;
import trm4j.dist.DataParallel;
import trm4j.eval.Evaluator;
import trm4j.eval.TaskEvaluators;
import trm4j.io.RawTensor;
import trm4j.model.Act;
import trm4j.model.Losses;
import trm4j.model.MemoryEstimate;
import trm4j.model.TrmConfig;
import trm4j.model.TrmModel;
import trm4j.model.TrmWeights;
import trm4j.nn.Param;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The official training loop (pretrain.py) on one process: persistent ACT slots (one ACT step per optimizer
 * step), loss scaled by 1/global_batch_size, SignSGD on the touched puzzle-embedding rows then AdamATan2 on the
 * dense parameters with the warm-up/cosine schedule, EMA, evaluation with the EMA weights after every iteration
 * from min_eval_interval on, and checkpoints that resume bit for bit. With {@link Options#dist()} of N ranks
 * (mpirun) it is one data-parallel rank: it runs its slice of every global batch, the gradients are summed over
 * the ranks ({@link DataParallel}), and only rank 0 writes; the saved state is the global one, so any N resumes it.
 */
public final class Trainer implements AutoCloseable {
    /**
     * How a run is driven (not part of the official config). {@code dist}: the data-parallel world this process
     * is a rank of ({@link DataParallel#single()} for one process). {@code overwrite}: a fresh run may delete an
     * earlier run found in {@code runDir} (otherwise that is refused).
     */
    public record Options(Path runDir, long stopAfterSteps, int logEvery, Progress progress, DataParallel dist,
                          boolean overwrite) {
        public Options {
            if (logEvery < 1) throw new IllegalArgumentException("log interval must be >= 1, got " + logEvery);
            if (stopAfterSteps < 0) throw new IllegalArgumentException("stop after steps must be >= 0 (0: no limit), got " + stopAfterSteps);
            if (dist == null) dist = DataParallel.single();
        }

        public Options(Path runDir, long stopAfterSteps, int logEvery, Progress progress) {
            this(runDir, stopAfterSteps, logEvery, progress, DataParallel.single(), false);
        }

        public Options(Path runDir, long stopAfterSteps, int logEvery, Progress progress, boolean overwrite) {
            this(runDir, stopAfterSteps, logEvery, progress, DataParallel.single(), overwrite);
        }
    }

    /** What {@link #run} ended with. */
    public record Outcome(long step, boolean finished, Path lastCheckpoint, Map<String, Map<String, Double>> lastEval) {}

    private final TrainConfig config;
    private final TrmConfig arch;
    private final Options options;
    private final PuzzleDataset train, test;
    private final TaskEvaluators tasks;  // the config's evaluators; null without a test split or with several ranks (each sees a slice)
    private final TrmModel model;
    private final Act act;
    private final Act.Carry carry;
    private final AdamAtan2 adam;
    private final SignSgd signSgd;
    private final Ema ema;
    private final BatchSampler sampler;
    private final SamplerRng explorationRng;
    private final BatchAugment augment;       // null: the official loop (the stored examples as they are)
    private final SamplerRng augmentRng;
    private final Act.Exploration exploration;
    private final LrSchedule schedule;
    private final long totalSteps;
    private final CheckpointDir checkpoints;
    private CheckpointDir.Lock lock;  // held by the writing rank while the run is open
    private MetricsLog metrics;        // the writing rank's only
    private final int batch;           // global batch size
    private final DataParallel dist;
    private final int local;           // this rank's slots: rows [rank·local, (rank+1)·local) of every global batch
    private long step;
    private int iteration;
    private double shownAccuracy, shownExact;

    /** Builds everything in memory; the run directory is not touched until {@link #claim}. */
    private Trainer(TrainConfig config, Options options) throws IOException {
        this.config = config.validate();
        this.options = options;
        if (config.dataPaths().size() != 1)
            throw new IllegalArgumentException("data_paths must name exactly one dataset directory (got " + config.dataPaths() + ")");
        Path dataDir = Path.of(config.dataPaths().get(0));
        Path testDir = config.dataPathsTest().isEmpty() ? dataDir : Path.of(config.dataPathsTest().get(0));
        train = PuzzleDataset.open(dataDir, "train");
        test = Files.isDirectory(testDir.resolve("test")) ? PuzzleDataset.open(testDir, "test") : null;
        batch = config.globalBatchSize();
        dist = options.dist();
        local = dist.localBatch(batch);
        arch = archFor(config, train.metadata());
        tasks = test == null || dist.ranks() > 1 ? null : TaskEvaluators.of(config.evaluators(), testDir,
                TaskFamily.detect(arch.vocab_size(), arch.seq_len(), testDir), arch.seq_len(), null);
        MemoryEstimate.check(arch, batch, 7, "training config (global_batch_size " + batch + ", data set " + dataDir + ")");
        model = new TrmModel(arch);
        model.initialize(config.seed());
        act = new Act(model, local);
        carry = act.initialCarry();
        adam = new AdamAtan2(config.beta1(), config.beta2(), config.weightDecay());
        signSgd = new SignSgd(config.puzzleEmbWeightDecay());
        ema = config.ema() ? new Ema(config.emaRate(), model.trainable()) : null;
        sampler = new BatchSampler(train, config.seed(), batch, config.epochsPerIter());
        explorationRng = new SamplerRng(config.seed() ^ 0x45585031L);
        augment = config.augment() == null ? null
                : new SudokuBatchAugment(arch.seq_len(), true, config.curriculumReveal(), config.curriculumSteps());
        augmentRng = new SamplerRng(config.seed() ^ 0x41554731L);
        // Every rank draws the whole global batch's values and keeps its slice: the stream is the one-process one.
        float[] globalU = new float[batch];
        int[] globalK = new int[batch];
        exploration = (u, k) -> {
            for (int i = 0; i < batch; i++) globalU[i] = explorationRng.nextFloat();
            for (int i = 0; i < batch; i++) globalK[i] = 2 + explorationRng.nextInt(Math.max(1, arch.halt_max_steps() - 1));
            dist.takeSlice(globalU, u);
            dist.takeSlice(globalK, k);
        };
        totalSteps = BatchSampler.totalSteps(train.metadata(), config.epochs(), batch);
        schedule = LrSchedule.of(config, totalSteps);
        checkpoints = new CheckpointDir(options.runDir());
        broadcastWeights();
    }

    /** Every rank starts from rank 0's weights (they are equal already when seeded alike; this makes it a fact). */
    private void broadcastWeights() {
        for (Param p : model.params().values()) dist.broadcastFromRoot(p.value);
    }

    private void log(long atStep, Map<String, ?> values) throws IOException {
        if (metrics != null) metrics.log(atStep, values);
    }

    /** The arch block with the fields the official trainer injects from the train split's metadata (they replace the config's). */
    static TrmConfig archFor(TrainConfig config, PuzzleDatasetMetadata meta) {
        Map<String, Object> a = new LinkedHashMap<>(config.arch());
        for (String injected : List.of("vocab_size", "seq_len", "num_puzzle_identifiers", "batch_size", "causal")) a.remove(injected);
        a = ArchInference.complete(a, meta, null);
        a.putIfAbsent("forward_dtype", "bfloat16");
        return TrmConfig.fromMap(a, "arch");
    }

    /**
     * A fresh run of {@code config} writing into {@code options.runDir()}. Refused when that folder holds an earlier
     * run (checkpoints, metrics) unless {@code options.overwrite()}, which deletes it first; refused when another
     * process writes the run.
     */
    public static Trainer start(TrainConfig config, Options options) throws IOException {
        if (options.dist().writer() && new CheckpointDir(options.runDir()).holdsRun() && !options.overwrite())
            throw new IllegalArgumentException(options.runDir() + ": holds an earlier run (checkpoints or metrics.jsonl); continue it with "
                    + "--resume " + options.runDir() + ", start over with --overwrite (deletes it), or choose another --run-dir");
        Trainer t = new Trainer(config, options);
        try {
            t.claim(dir -> {
                if (dir.holdsRun()) {
                    if (!options.overwrite()) throw new IllegalArgumentException(options.runDir() + ": another run appeared in this folder");
                    dir.clearRun();
                }
            });
            return t;
        } catch (IOException | RuntimeException e) {
            t.close();
            throw e;
        }
    }

    /**
     * Continues the run saved in {@code checkpoint} (a step_N folder), as if it had never stopped. Everything is read
     * and verified before any file is touched. When {@code checkpoint} is the latest of its run and cannot be read,
     * the previous complete checkpoints are tried in turn (each fallback is reported through the progress).
     */
    public static Trainer resume(Path checkpoint, Options options) throws IOException {
        Path source = checkpoint.toAbsolutePath().getParent();
        Path runDir = options.runDir() != null ? options.runDir() : source;
        Options o = new Options(runDir, options.stopAfterSteps(), options.logEvery(), options.progress(), options.dist(), false);
        List<Path> candidates = new ArrayList<>(List.of(checkpoint));
        CheckpointDir sourceDir = new CheckpointDir(source);
        List<Path> all = sourceDir.list();
        if (!all.isEmpty() && all.getLast().toAbsolutePath().equals(checkpoint.toAbsolutePath()))
            candidates.addAll(all.subList(0, all.size() - 1).reversed());
        IllegalArgumentException first = null;
        for (Path c : candidates) {
            Trainer t = null;
            try {
                TrainConfig config = TrainConfig.readJson(c.resolve(CheckpointDir.CONFIG));
                TrainState.File state = TrainState.read(c);
                if (Files.exists(c.resolve(CheckpointDir.METRICS))) MetricsLog.read(c.resolve(CheckpointDir.METRICS));
                t = new Trainer(config, o);
                t.loadState(state);
            } catch (IllegalArgumentException | IOException e) {
                if (t != null) t.close();
                IllegalArgumentException why = e instanceof IllegalArgumentException iae ? iae : new IllegalArgumentException(e.getMessage(), e);
                if (first == null) first = why;
                if (candidates.size() > 1 && c != candidates.getLast())
                    options.progress().message("cannot resume from " + c + " (" + why.getMessage() + "); trying the previous checkpoint");
                continue;
            }
            if (c != checkpoint) options.progress().message("resuming from " + c + " instead: the later checkpoint is unreadable");
            t.broadcastWeights();
            if (!o.dist().writer()) return t;   // only the writing rank touches the run directory
            Trainer ok = t;
            Path from = c;
            try {
                t.claim(dir -> {
                    if (!runDir.toAbsolutePath().normalize().equals(source.normalize()) && dir.holdsRun())
                        throw new IllegalArgumentException(runDir + ": holds another run; resume into an empty --run-dir or the checkpoint's own run");
                    dir.restoreMetrics(from); // first: recover() may rename a .replaced-step_N that "from" names
                    dir.recover();
                });
            } catch (IOException | RuntimeException e) {
                ok.close();
                throw e;
            }
            return t;
        }
        throw first;
    }

    private interface Prepare {
        void run(CheckpointDir dir) throws IOException;
    }

    /**
     * Takes the run's lock, then prepares the folder ({@code prepare}) and opens the metrics log: on the writing rank
     * only (the other ranks of a data-parallel run never touch the run directory).
     */
    private void claim(Prepare prepare) throws IOException {
        if (!dist.writer()) return;
        lock = checkpoints.lock();
        prepare.run(checkpoints);
        metrics = new MetricsLog(checkpoints.metricsFile());
    }

    public TrmModel model() { return model; }
    public long step() { return step; }
    public long totalSteps() { return totalSteps; }
    public TrmConfig arch() { return arch; }

    /** Trains until the configured epochs are done or {@code stopAfterSteps} optimizer steps have run in this call. */
    public Outcome run() throws IOException { return run(options.stopAfterSteps()); }

    /**
     * Trains until the configured epochs are done or {@code steps} optimizer steps have run in this call (0: no
     * limit); a stop before the end writes a checkpoint.
     */
    public Outcome run(long steps) throws IOException {
        if (steps < 0) throw new IllegalArgumentException("steps must be >= 0 (0: no limit), got " + steps);
        Progress progress = options.progress();
        long stopAt = steps > 0 ? step + steps : Long.MAX_VALUE;
        Path last = null;
        Map<String, Map<String, Double>> lastEval = Map.of();
        int totalIters = config.totalIters();
        for (; iteration < totalIters; iteration++) {
            // next() rather than iteration(): the iterator reads one batch ahead, which a snapshot must not include.
            if (!sampler.inIteration()) sampler.beginIteration();
            for (Batch b; (b = sampler.next()) != null; ) {
                if (augment != null) augment.apply(b, step + 1, augmentRng);
                trainStep(BatchSampler.rankSlice(b, dist.rank(), dist.ranks()), progress);
                if (step >= stopAt) {
                    last = checkpoint();
                    return new Outcome(step, false, last, lastEval);
                }
            }
            int minEval = config.minEvalInterval() == null ? 0 : config.minEvalInterval();
            if (iteration >= minEval) {
                if (test != null) {
                    lastEval = evaluate();
                    Map<String, Object> flat = new LinkedHashMap<>();
                    lastEval.forEach((set, m) -> m.forEach((k, v) -> flat.put(set + "/" + k, v)));
                    log(step, flat);
                    progress.message("eval at step " + step + ": " + summary(lastEval));
                }
                if (config.checkpointEveryEval() || iteration == totalIters - 1) {
                    iteration++;   // the saved position is "after this iteration's evaluation"
                    try { last = checkpoint(); } finally { iteration--; }
                }
            }
        }
        return new Outcome(step, true, last, lastEval);
    }

    private static String summary(Map<String, Map<String, Double>> eval) {
        StringBuilder sb = new StringBuilder();
        eval.forEach((set, m) -> {
            if (m.containsKey("exact_accuracy")) sb.append(String.format(java.util.Locale.ROOT, "%s exact_accuracy %.4f accuracy %.4f steps %.2f; ",
                    set, m.get("exact_accuracy"), m.get("accuracy"), m.get("steps")));
            else m.forEach((k, v) -> sb.append(String.format(java.util.Locale.ROOT, "%s/%s %.4f; ", set, k, v)));
        });
        return sb.toString().strip();
    }

    /** One optimizer step (official train_batch), then the EMA update. */
    private void trainStep(Batch b, Progress progress) throws IOException {
        step++;
        if (step <= totalSteps) {
            // The loss is scaled by 1/global batch on every rank, so the ranks' gradients add up to the global one.
            Act.StepLoss r = act.stepLoss(carry, b.inputs(), b.labels(), b.puzzleIdentifiers(), true, exploration, 1.0 / batch, true);
            double[] summed = dist.sum(sums(r));   // metric sums and loss over all ranks: every rank sees the same
            Losses.Metrics all = metrics(summed);
            if (!Double.isFinite(summed[7]))
                throw new IllegalStateException("loss is " + summed[7] + " at step " + step + "; the last checkpoint is intact");
            act.backward(carry, r);
            dist.sumGradients(model.trainable());
            checkFinite();
            double lrEmb = schedule.lr(step, config.puzzleEmbLr());
            double lr = schedule.lr(step, config.lr());
            if (model.puzzleEmb != null)   // sparse rows: (ids, gradients) of the whole global batch, as one process has them
                signSgd.step(model.puzzleEmb.value, arch.puzzle_emb_ndim(), dist.allgather(carry.puzzleIdentifiers),
                        dist.allgather(act.ws.puzzleGrad), lrEmb);
            if (!config.freezeWeights()) adam.step(model.trainable(), lr);
            Map<String, Double> m = reduce(all, lr);
            if (r.qContinueTarget() != null) m.put("train/q_continue_loss", summed[8] / batch);
            if (step % options.logEvery() == 0 || step == totalSteps) log(step, m);
            // Accuracies exist only for slots that halted at this step: keep showing the last step that had some.
            if (all.count() > 0) { shownAccuracy = m.get("train/accuracy"); shownExact = m.get("train/exact_accuracy"); }
            progress.update(step, totalSteps, Map.of("loss", m.get("train/lm_loss") + 0.5 * (m.get("train/q_halt_loss") + m.getOrDefault("train/q_continue_loss", 0.0)),
                    "accuracy", shownAccuracy, "exact", shownExact));
        }
        if (ema != null) ema.update(model.trainable());
    }

    private void checkFinite() {
        for (Param p : model.trainable())
            for (float g : p.grad)
                if (!Float.isFinite(g))
                    throw new IllegalStateException("non-finite gradient in " + p.name + " at step " + step + "; the last checkpoint is intact");
    }

    /** This rank's metric sums and loss as doubles (exact for every field), for summing over ranks. */
    private static double[] sums(Act.StepLoss r) {
        Losses.Metrics m = r.head().metrics();
        return new double[]{m.count(), m.accuracy(), m.exactAccuracy(), m.qHaltAccuracy(), m.steps(), m.lmLoss(), m.qHaltLoss(),
                r.loss(), r.qContinueLoss()};
    }

    private static Losses.Metrics metrics(double[] s) {
        return new Losses.Metrics((long) s[0], (float) s[1], (long) s[2], (long) s[3], (long) s[4], s[5], (float) s[6]);
    }

    /** Official logging reduction: losses / global batch, everything else / max(count, 1). */
    private Map<String, Double> reduce(Losses.Metrics m, double lr) {
        double count = Math.max(m.count(), 1);
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("train/accuracy", m.accuracy() / count);
        out.put("train/count", m.count() / count);
        out.put("train/exact_accuracy", m.exactAccuracy() / count);
        out.put("train/lm_loss", m.lmLoss() / batch);
        out.put("train/q_halt_accuracy", m.qHaltAccuracy() / count);
        out.put("train/q_halt_loss", (double) m.qHaltLoss() / batch);
        out.put("train/steps", m.steps() / count);
        out.put("train/lr", lr);
        return out;
    }

    /** Evaluates the EMA weights (the raw ones without EMA) on the test split. */
    public Map<String, Map<String, Double>> evaluate() {
        if (test == null) return Map.of();
        if (tasks != null) tasks.begin();
        Map<String, Map<String, Double>> out = new LinkedHashMap<>(Evaluator.evaluate(evaluationModel(), test, batch, dist.rank(), dist.ranks(), dist::sum, tasks));
        if (tasks != null) out.putAll(tasks.metricsByGroup());   // ARC/pass@k, maze/… as in `trm eval`
        return out;
    }

    /** A copy of the model holding the weights that are evaluated and saved (EMA when enabled). */
    public TrmModel evaluationModel() {
        TrmModel m = new TrmModel(arch);
        for (Param p : model.params().values()) System.arraycopy(p.value, 0, m.params().get(p.name).value, 0, p.size());
        if (ema != null) ema.copyTo(new ArrayList<>(m.params().values()));
        return m;
    }

    // ------------------------------------------------------------------------------------------- checkpoints

    /**
     * Writes step_N atomically: config, weights (EMA when enabled), the full training state and the metrics log.
     * With several ranks every rank contributes its ACT slots (the saved carry is the global batch's, so any
     * number of ranks can resume it) and only rank 0 writes; the others return null.
     */
    public Path checkpoint() throws IOException {
        Act.Carry global = carry.map(dist::allgather, dist::allgather);
        if (!dist.writer()) return null;
        try (CheckpointDir.Staging s = checkpoints.begin(step)) {
            s.writeConfig(config);
            s.writeModel(TrmWeights.toTensors(evaluationModel()));
            Map<String, RawTensor> weights = new LinkedHashMap<>();
            for (Param p : model.params().values()) weights.put(p.name, RawTensor.ofFloats(p.value, p.shape()));
            long[] rng = new long[4], augmentState = augment == null ? null : new long[4];
            explorationRng.state(rng, 0);
            if (augment != null) augmentRng.state(augmentState, 0);
            new TrainState(weights, adam.exportState(model.trainable()), ema == null ? null : ema.exportState(model.trainable()),
                    global, sampler.snapshot().words(), rng, augmentState, step, iteration).write(s);
            s.snapshotMetrics();
            return s.commit();
        }
    }

    private void loadState(TrainState.File file) {
        TrainState st = TrainState.decode(file, arch, batch, ema != null, augment != null);
        TrmWeights.load(model, st.model(), file.path().toString());
        adam.importState(st.adam(), model.trainable());
        if (ema != null) ema.importState(st.ema(), model.trainable());
        if (st.step() < 0 || st.iteration() < 0 || st.iteration() > config.totalIters())
            throw new IllegalArgumentException(file.path() + ": step " + st.step() + " / iteration " + st.iteration() + " out of range for this config");
        sampler.restore(new BatchSampler.State(st.sampler()));
        // The saved carry holds the global batch's slots; this rank takes its rows (any number of ranks resumes).
        carry.copyFrom(st.carry(), dist::takeSlice, dist::takeSlice);
        explorationRng.setState(st.explorationRng(), 0);
        if (augment != null) augmentRng.setState(st.augmentRng(), 0);
        step = st.step();
        iteration = (int) st.iteration();
    }

    @Override
    public void close() throws IOException {
        try {
            if (metrics != null) metrics.close();
            train.close();
            if (test != null) test.close();
        } finally {
            if (lock != null) lock.close();
        }
    }
}
