package trm4j.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The training configuration under the official {@code config/cfg_pretrain.yaml} keys; {@code arch} is the
 * raw architecture block ({@code config/arch/trm.yaml} keys, parsed by the model's own config class).
 * Defaults: {@link #defaults()}; command-line overrides: {@link ConfigOverrides}; JSON: {@link ConfigJson}.
 * Nullable: {@code eval_interval}, {@code min_eval_interval}, the four names/paths.
 *
 * <p>Three keys are trm4j's own, not the official code's (absent from config.json unless set, so that a default
 * run's config is the official one): {@code augment=sudoku} draws a fresh Sudoku symmetry for every training
 * example as it is sampled, and {@code curriculum_reveal} / {@code curriculum_steps} give back up to that fraction
 * of the blank cells as extra givens (a random share per example), falling linearly to none at that step, or
 * throughout when it is 0 (see {@link trm4j.data.sudoku.SudokuBatchAugment}).
 */
@JsonPropertyOrder({"arch", "data_paths", "data_paths_test", "evaluators", "global_batch_size", "epochs",
        "lr", "lr_min_ratio", "lr_warmup_steps", "weight_decay", "beta1", "beta2", "puzzle_emb_lr",
        "puzzle_emb_weight_decay", "project_name", "run_name", "load_checkpoint", "checkpoint_path", "seed",
        "checkpoint_every_eval", "eval_interval", "min_eval_interval", "eval_save_outputs", "ema", "ema_rate",
        "freeze_weights", "augment", "curriculum_reveal", "curriculum_steps"})
public record TrainConfig(
        @JsonProperty("arch") Map<String, Object> arch,
        @JsonProperty("data_paths") List<String> dataPaths,
        @JsonProperty("data_paths_test") List<String> dataPathsTest,
        @JsonProperty("evaluators") List<Map<String, Object>> evaluators,
        @JsonProperty("global_batch_size") int globalBatchSize,
        @JsonProperty("epochs") int epochs,
        @JsonProperty("lr") double lr,
        @JsonProperty("lr_min_ratio") double lrMinRatio,
        @JsonProperty("lr_warmup_steps") int lrWarmupSteps,
        @JsonProperty("weight_decay") double weightDecay,
        @JsonProperty("beta1") double beta1,
        @JsonProperty("beta2") double beta2,
        @JsonProperty("puzzle_emb_lr") double puzzleEmbLr,
        @JsonProperty("puzzle_emb_weight_decay") double puzzleEmbWeightDecay,
        @JsonProperty("project_name") String projectName,
        @JsonProperty("run_name") String runName,
        @JsonProperty("load_checkpoint") String loadCheckpoint,
        @JsonProperty("checkpoint_path") String checkpointPath,
        @JsonProperty("seed") long seed,
        @JsonProperty("checkpoint_every_eval") boolean checkpointEveryEval,
        @JsonProperty("eval_interval") Integer evalInterval,
        @JsonProperty("min_eval_interval") Integer minEvalInterval,
        @JsonProperty("eval_save_outputs") List<String> evalSaveOutputs,
        @JsonProperty("ema") boolean ema,
        @JsonProperty("ema_rate") double emaRate,
        @JsonProperty("freeze_weights") boolean freezeWeights,
        @JsonProperty("augment") @JsonInclude(JsonInclude.Include.NON_NULL) String augment,
        @JsonProperty("curriculum_reveal") @JsonInclude(JsonInclude.Include.NON_DEFAULT) double curriculumReveal,
        @JsonProperty("curriculum_steps") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long curriculumSteps) {

    public TrainConfig {
        arch = arch == null ? Map.of() : ConfigValues.deepCopy(arch);
        dataPaths = dataPaths == null ? List.of() : List.copyOf(dataPaths);
        dataPathsTest = dataPathsTest == null ? List.of() : List.copyOf(dataPathsTest);
        evaluators = evaluators == null ? List.of() : evaluators.stream().map(ConfigValues::deepCopy).toList();
        evalSaveOutputs = evalSaveOutputs == null ? List.of() : List.copyOf(evalSaveOutputs);
    }

    /** The official defaults: {@code config/cfg_pretrain.yaml} with {@code arch: trm}, code defaults for the rest. */
    public static TrainConfig defaults() { return ConfigOverrides.parse(List.of()); }

    /** Epochs per train/eval iteration: {@code eval_interval}, or all epochs when it is null. */
    public int epochsPerIter() { return evalInterval != null ? evalInterval : epochs; }

    /** Number of train/eval iterations ({@code epochs / eval_interval}). */
    public int totalIters() { return epochs / epochsPerIter(); }

    /** Checks the relations the official code asserts; one-line IllegalArgumentException naming the keys. */
    public TrainConfig validate() {
        if (globalBatchSize <= 0) throw new IllegalArgumentException("global_batch_size must be > 0, got " + globalBatchSize);
        if (epochs <= 0) throw new IllegalArgumentException("epochs must be > 0, got " + epochs);
        if (epochsPerIter() <= 0) throw new IllegalArgumentException("eval_interval must be > 0, got " + evalInterval);
        if (epochs % epochsPerIter() != 0)
            throw new IllegalArgumentException("eval_interval=" + evalInterval + " must divide epochs=" + epochs);
        if (dataPaths.isEmpty()) throw new IllegalArgumentException("data_paths is empty: give data_paths=[DIR]");
        if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        if (!(lr >= 0)) throw new IllegalArgumentException("lr must be >= 0, got " + lr);
        if (!(puzzleEmbLr >= 0)) throw new IllegalArgumentException("puzzle_emb_lr must be >= 0, got " + puzzleEmbLr);
        if (!(emaRate >= 0 && emaRate <= 1)) throw new IllegalArgumentException("ema_rate must be in [0, 1], got " + emaRate);
        if (augment != null && !augment.equals("sudoku"))
            throw new IllegalArgumentException("augment must be sudoku (fresh Sudoku symmetries at every draw) or absent, got '" + augment + "'");
        if (!(curriculumReveal >= 0 && curriculumReveal < 1))
            throw new IllegalArgumentException("curriculum_reveal must be in [0, 1), got " + curriculumReveal);
        if (curriculumReveal > 0 && augment == null)
            throw new IllegalArgumentException("curriculum_reveal needs augment=sudoku (the curriculum changes examples as they are drawn)");
        if (curriculumSteps < 0) throw new IllegalArgumentException("curriculum_steps must be >= 0, got " + curriculumSteps);
        return this;
    }

    /**
     * The official naming rule ({@code load_synced_config}) for names left null: project
     * {@code <Basename of data_paths[0]>-ACT-torch} (Python's capitalize: first letter upper, rest lower),
     * run {@code <model class> <runSuffix>}, checkpoint path {@code checkpoints/<project>/<run>}.
     */
    public TrainConfig withDefaultNames(String runSuffix) {
        String project = projectName;
        if (project == null) {
            String first = dataPaths.isEmpty() ? "" : Path.of(dataPaths.get(0)).getFileName().toString();
            String cap = first.isEmpty() ? "" : first.substring(0, 1).toUpperCase() + first.substring(1).toLowerCase();
            project = cap + "-ACT-torch";
        }
        String run = runName;
        if (run == null) {
            String name = String.valueOf(arch.getOrDefault("name", "model"));
            run = name.substring(name.lastIndexOf('@') + 1) + " " + runSuffix;
        }
        String path = checkpointPath != null ? checkpointPath : Path.of("checkpoints", project, run).toString();
        return new TrainConfig(arch, dataPaths, dataPathsTest, evaluators, globalBatchSize, epochs, lr, lrMinRatio,
                lrWarmupSteps, weightDecay, beta1, beta2, puzzleEmbLr, puzzleEmbWeightDecay, project, run,
                loadCheckpoint, path, seed, checkpointEveryEval, evalInterval, minEvalInterval, evalSaveOutputs,
                ema, emaRate, freezeWeights, augment, curriculumReveal, curriculumSteps);
    }

    /** The same configuration with another {@code arch} block. */
    public TrainConfig withArch(Map<String, Object> newArch) {
        return new TrainConfig(newArch, dataPaths, dataPathsTest, evaluators, globalBatchSize, epochs, lr, lrMinRatio,
                lrWarmupSteps, weightDecay, beta1, beta2, puzzleEmbLr, puzzleEmbWeightDecay, projectName, runName,
                loadCheckpoint, checkpointPath, seed, checkpointEveryEval, evalInterval, minEvalInterval,
                evalSaveOutputs, ema, emaRate, freezeWeights, augment, curriculumReveal, curriculumSteps);
    }

    /** Pretty JSON with the official keys (what checkpoints store as config.json). */
    public String toJson() { return ConfigJson.write(this); }

    /** Parses JSON written by {@link #toJson}; keys absent from it take the official defaults. */
    public static TrainConfig fromJson(String json, String source) { return ConfigJson.read(json, source); }

    public static TrainConfig readJson(Path file) throws IOException {
        return fromJson(trm4j.io.TextFiles.read(file), file.toString());
    }
}
