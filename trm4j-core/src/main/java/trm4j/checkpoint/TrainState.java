package trm4j.checkpoint;

import trm4j.io.RawTensor;
import trm4j.io.Safetensors;
import trm4j.model.Act;
import trm4j.model.TrmConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The training state of a checkpoint ({@value CheckpointDir#TRAIN_STATE}, format {@value #FORMAT}): everything a run
 * needs to continue bit for bit besides its config. Tensors: {@code model.<name>} (the raw weights, not the EMA ones),
 * {@code adam.<name>.*} (moments), {@code ema.<name>} (when EMA is on), {@code carry.<name>} (the global batch's ACT
 * slots under the official names, {@link Act.Carry#toTensors}), {@code sampler} (the batch sampler's words),
 * {@code rng.exploration} and {@code rng.augment} (xoshiro states [4]) and {@code step} ([step, iteration, started]).
 *
 * @param model          the raw weights under the official names
 * @param adam           AdamATan2's state, keys without the {@code adam.} prefix
 * @param ema            the EMA weights, keys without the {@code ema.} prefix; null without EMA
 * @param carry          the ACT slots of the whole global batch
 * @param sampler        the batch sampler's state words
 * @param explorationRng the halting exploration stream's state [4]
 * @param augmentRng     the augmentation stream's state [4]; null without augmentation
 * @param step           optimizer steps done
 * @param iteration      the iteration to continue at
 */
public record TrainState(Map<String, RawTensor> model, Map<String, RawTensor> adam, Map<String, RawTensor> ema, Act.Carry carry,
                         long[] sampler, long[] explorationRng, long[] augmentRng, long step, long iteration) {
    public static final String FORMAT = "trm4j-train-state-1";

    /** The tensors in file order. */
    public Map<String, RawTensor> toTensors() {
        Map<String, RawTensor> st = new LinkedHashMap<>();
        model.forEach((k, v) -> st.put("model." + k, v));
        adam.forEach((k, v) -> st.put("adam." + k, v));
        if (ema != null) ema.forEach((k, v) -> st.put("ema." + k, v));
        carry.toTensors().forEach((k, v) -> st.put("carry." + k, v));
        st.put("sampler", RawTensor.ofLongs(sampler, sampler.length));
        st.put("rng.exploration", RawTensor.ofLongs(explorationRng, explorationRng.length));
        if (augmentRng != null) st.put("rng.augment", RawTensor.ofLongs(augmentRng, augmentRng.length));
        // [step, iteration, started]: the third slot only keeps the trm4j-train-state-1 layout
        st.put("step", RawTensor.ofLongs(new long[]{step, iteration, step > 0 ? 1 : 0}, 3));
        return st;
    }

    /** Writes this state into a checkpoint being staged. */
    public void write(CheckpointDir.Staging staging) throws IOException {
        staging.writeTrainState(toTensors(), Map.of("format", FORMAT));
    }

    /** A training state file as read, not yet checked against a run's config ({@link #decode}). */
    public record File(Path path, Map<String, RawTensor> tensors, Map<String, String> metadata) {}

    /** Reads the training state of {@code checkpoint} (a step_N folder); refused when it has none (a weights-only checkpoint). */
    public static File read(Path checkpoint) throws IOException {
        Path state = checkpoint.resolve(CheckpointDir.TRAIN_STATE);
        if (!Files.isRegularFile(state))
            throw new IllegalArgumentException(checkpoint + ": no " + CheckpointDir.TRAIN_STATE + " (a weights-only checkpoint cannot resume)");
        return new File(state, Safetensors.read(state), Safetensors.metadata(state));
    }

    /**
     * The state in {@code file} for a run of {@code arch} with global batch {@code batch}; every tensor the run needs
     * must be there with its shape ({@code ema}, {@code augment}: whether the run has them), and the carry's puzzle
     * identifiers must be in range.
     */
    public static TrainState decode(File file, TrmConfig arch, int batch, boolean ema, boolean augment) {
        Map<String, RawTensor> st = file.tensors();
        Path path = file.path();
        String format = file.metadata().get("format");
        if (!FORMAT.equals(format)) throw new IllegalArgumentException(path + ": not a trm4j training state (format " + format + ")");
        Map<String, RawTensor> model = new LinkedHashMap<>();
        st.forEach((k, v) -> { if (k.startsWith("model.model.")) model.put(k.substring("model.".length()), v); });
        Map<String, RawTensor> carry = new LinkedHashMap<>();
        Act.Carry.shapes(arch, batch).forEach((k, shape) -> carry.put(k, tensor(st, path, "carry." + k, shape)));
        long[] samplerWords = tensor(st, path, "sampler", -1).toLongs();
        long[] rng = tensor(st, path, "rng.exploration", 4).toLongs();
        long[] augmentState = augment ? tensor(st, path, "rng.augment", 4).toLongs() : null;
        long[] s = tensor(st, path, "step", 3).toLongs();
        Act.Carry c = Act.Carry.fromTensors(arch, carry);
        for (int i = 0; i < batch; i++)
            if (c.puzzleIdentifiers[i] < 0 || c.puzzleIdentifiers[i] >= arch.num_puzzle_identifiers())
                throw new IllegalArgumentException(path + ": carry.puzzle_identifiers[" + i + "] = " + c.puzzleIdentifiers[i] + " is out of range");
        return new TrainState(model, prefixed(st, "adam."), ema ? prefixed(st, "ema.") : null, c, samplerWords, rng, augmentState, s[0], s[1]);
    }

    private static Map<String, RawTensor> prefixed(Map<String, RawTensor> st, String prefix) {
        Map<String, RawTensor> out = new LinkedHashMap<>();
        st.forEach((k, v) -> { if (k.startsWith(prefix)) out.put(k.substring(prefix.length()), v); });
        return out;
    }

    /** Tensor {@code key} of the training state, which must have {@code shape} (a single -1: any 1-D length). */
    private static RawTensor tensor(Map<String, RawTensor> st, Path file, String key, int... shape) {
        RawTensor t = st.get(key);
        if (t == null) throw new IllegalArgumentException(file + ": training state has no tensor '" + key + "' (incomplete checkpoint; use an earlier one)");
        boolean ok = shape.length == 1 && shape[0] == -1 ? t.shape().length == 1 : Arrays.equals(t.shape(), shape);
        if (!ok)
            throw new IllegalArgumentException(file + ": training state tensor '" + key + "' has shape " + Arrays.toString(t.shape())
                    + ", but this run's config needs " + Arrays.toString(shape) + " (corrupt or mixed checkpoint)");
        return t;
    }
}
