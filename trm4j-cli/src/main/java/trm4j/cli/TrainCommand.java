package trm4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import trm4j.dist.DataParallel;
import trm4j.dist.Ranks;
import trm4j.checkpoint.CheckpointDir;
import trm4j.train.ConfigOverrides;
import trm4j.train.Progress;
import trm4j.train.TrainConfig;
import trm4j.train.Trainer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code trm train key=value …}: the official pretrain.py on CPU. Takes the official override syntax, so the
 * README commands of the official repository run with {@code python pretrain.py} replaced by {@code ./trm train}.
 * Under {@code mpirun -np N} (or {@code srun}) it is one of N data-parallel ranks ({@link DataParallel}).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a TRM exactly as the official pretrain.py does.",
                "Example: ./trm train arch=trm data_paths=\"[data/sudoku-extreme-1k-aug-1000]\" evaluators=\"[]\" epochs=50000 eval_interval=5000 lr=1e-4 arch.mlp_t=True ema=True"})
public final class TrainCommand implements Callable<Integer> {
    @Parameters(description = "Official config overrides: key=value, arch.KEY=value, +run_name=NAME, data_paths=\"[DIR]\".")
    List<String> overrides = new ArrayList<>();
    @Option(names = "--run-dir", description = "Where checkpoints and metrics go (default: the official checkpoints/<project>/<run>).")
    Path runDir;
    @Option(names = "--resume", description = "Continue the run saved in this checkpoint (a step_N folder or a run folder: its latest).")
    Path resume;
    @Option(names = "--stop-after-steps", defaultValue = "0", description = "Stop after K optimizer steps with a checkpoint, as if interrupted.")
    long stopAfterSteps;
    @Option(names = "--log-every", defaultValue = "1", description = "Write train metrics every N steps.")
    int logEvery;
    @Option(names = "--no-plot", description = "Do not write PNG plots at the end.")
    boolean noPlot;
    @Option(names = "--overwrite", description = "Delete an earlier run found in the run directory (checkpoints, metrics, plots) and start afresh; without it such a run is refused.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        DataParallel dist = DataParallel.fromEnvironment();   // one process unless started by mpirun/srun
        if (!dist.distributed()) {
            try (dist) { return train(dist); }
        }
        Ranks.defaultThreads();
        System.err.println("trm: " + dist.comm().describe() + ", pid " + ProcessHandle.current().pid());
        try {
            int rc = train(dist);
            dist.close();
            return rc;
        } catch (Throwable e) {
            // One rank failing must end all of them (the others would wait in the next collective forever).
            System.err.println("trm: rank " + dist.rank() + " of " + dist.ranks() + " failed: " + e);
            dist.comm().abort(1);
            throw e;
        }
    }

    private int train(DataParallel dist) throws Exception {
        Trainer trainer;
        Progress progress;
        Path dir;
        if (stopAfterSteps < 0) throw new UserError("--stop-after-steps must be >= 0 (0: train to the end), got " + stopAfterSteps);
        if (logEvery < 1) throw new UserError("--log-every must be >= 1, got " + logEvery);
        if (resume != null) {
            if (!overrides.isEmpty()) throw new UserError("--resume takes no overrides (the run's own config.json is used)");
            if (overwrite) throw new UserError("--overwrite starts a new run; it cannot be combined with --resume");
            Path ckpt = CheckpointDir.resolve(resume);
            progress = dist.writer() ? Progress.terminal(batchSizeOf(ckpt)) : Progress.silent();
            trainer = Trainer.resume(ckpt, new Trainer.Options(runDir, stopAfterSteps, logEvery, progress, dist, false));
            dir = runDir != null ? runDir : ckpt.toAbsolutePath().getParent();
            progress.message("resuming " + ckpt + " at step " + trainer.step());
        } else {
            TrainConfig config = ConfigOverrides.parse(overrides).withDefaultNames("cpu");
            dir = runDir != null ? runDir : Path.of(config.checkpointPath());
            progress = dist.writer() ? Progress.terminal(config.globalBatchSize()) : Progress.silent();
            trainer = Trainer.start(config, new Trainer.Options(dir, stopAfterSteps, logEvery, progress, dist, overwrite));
            progress.message("training " + trainer.model().parameterCount() + " parameters for " + trainer.totalSteps()
                    + " steps; run directory " + dir + (dist.distributed() ? "; " + dist.ranks() + " data-parallel ranks" : ""));
        }
        try (trainer; progress) {
            Trainer.Outcome o = trainer.run();
            if (!noPlot && dist.writer()) PlotSupport.write(dir);
            progress.message((o.finished() ? "finished at step " : "stopped at step ") + o.step()
                    + (o.lastCheckpoint() != null ? "; checkpoint " + o.lastCheckpoint() : ""));
        }
        return 0;
    }

    /** The global batch size of the run (for samples/s), from the first checkpoint of it whose config reads. */
    private static int batchSizeOf(Path ckpt) throws java.io.IOException {
        List<Path> all = new ArrayList<>(List.of(ckpt));
        all.addAll(new CheckpointDir(ckpt.toAbsolutePath().getParent()).list().reversed());
        for (Path c : all) {
            try {
                return TrainConfig.readJson(c.resolve(CheckpointDir.CONFIG)).globalBatchSize();
            } catch (IllegalArgumentException | java.io.IOException e) {
                // Trainer.resume reports it
            }
        }
        return 1;
    }
}
