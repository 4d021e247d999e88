package trm4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import trm4j.checkpoint.Checkpoints;
import trm4j.io.DType;
import trm4j.io.RawTensor;
import trm4j.io.Safetensors;
import trm4j.model.Act;
import trm4j.model.TrmConfig;
import trm4j.model.MemoryEstimate;
import trm4j.model.TrmModel;
import trm4j.model.TrmWeights;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/** {@code trm forward}: runs a model on one batch of tensors, step by step, and writes every step's outputs. */
@Command(name = "forward", mixinStandardHelpOptions = true,
        description = "Run a model on a batch (safetensors) from the initial carry, feeding the same batch at every ACT step.")
public final class ForwardCommand implements Callable<Integer> {
    @Option(names = "--arch-config", required = true, description = "Official arch keys (JSON), or a sidecar holding them under arch_config.")
    Path archConfig;
    @Option(names = "--weights", required = true, description = "Weights under the official parameter names: .safetensors, or an official torch.save file (step_N, .pt).")
    Path weights;
    @Option(names = "--batch", required = true, description = "inputs [B, seq_len] I32, puzzle_identifiers [B] I32, optional labels [B, seq_len] I32.")
    Path batch;
    @Option(names = "--mode", defaultValue = "eval", description = "eval (halt only at halt_max_steps) or train (Q-head halting with exploration).")
    String mode;
    @Option(names = "--steps", description = "ACT steps to run (default: until all halted, at most halt_max_steps).")
    Integer steps;
    @Option(names = "--seed", defaultValue = "0", description = "Seed of the exploration draws in train mode.")
    long seed;
    @Option(names = "--out", required = true, description = "Output .safetensors with step<n>.* tensors.")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!mode.equals("eval") && !mode.equals("train")) throw new UserError("--mode must be eval or train, got " + mode);
        for (Path p : new Path[]{archConfig, weights, batch})
            if (!Files.isRegularFile(p)) throw new UserError(p + ": file not found");
        TrmConfig config = TrmConfig.read(archConfig);
        MemoryEstimate.check(config, 1, 2, archConfig.toString());
        TrmModel model = new TrmModel(config);
        TrmWeights.load(model, Checkpoints.readWeights(weights), weights.toString());
        Map<String, RawTensor> in = Safetensors.read(batch);
        int L = config.seq_len();
        int[] pids = ints(in, "puzzle_identifiers", null, -1);
        int B = pids.length;
        int[] inputs = ints(in, "inputs", new int[]{B, L}, B);
        int[] labels = in.containsKey("labels") ? ints(in, "labels", new int[]{B, L}, B) : null;
        if (steps != null && steps < 1) throw new UserError("--steps must be >= 1");
        MemoryEstimate.check(config, B, 2, batch.toString());
        Act act = new Act(model, B);
        Act.Carry carry = act.initialCarry();
        boolean train = mode.equals("train");
        Act.Exploration exploration = Act.seeded(new SplittableRandom(seed), config.halt_max_steps());
        int max = steps != null ? steps : config.halt_max_steps();
        Map<String, RawTensor> result = new LinkedHashMap<>();
        int V = config.vocab_size();
        try {
            for (int n = 1; n <= max; n++) {
                Act.StepLoss r = act.stepLoss(carry, inputs, labels, pids, train, exploration, 1.0, false);
                String p = "step" + n + ".";
                result.put(p + "logits", RawTensor.ofFloats(act.ws.logits, B, L, V));
                result.put(p + "q_halt_logits", RawTensor.ofFloats(act.ws.qHalt, B));
                result.put(p + "q_continue_logits", RawTensor.ofFloats(act.ws.qContinue, B));
                result.put(p + "preds", RawTensor.ofInts(r.head().preds(), B, L));
                carry.toTensors().forEach((k, v) -> { if (!Act.Carry.DATA.contains(k)) result.put(p + "carry." + k, v); });
                if (labels != null) result.put(p + "loss", RawTensor.ofDoubles(new double[]{r.loss()}));
                if (steps == null && r.allHalted()) break;
            }
        } catch (IllegalArgumentException e) {
            throw new UserError(batch + ": " + e.getMessage());
        }
        Safetensors.write(out, result);
        System.err.println("trm: wrote " + result.size() + " tensors to " + out);
        return 0;
    }

    private int[] ints(Map<String, RawTensor> in, String key, int[] shape, int batchSize) {
        RawTensor t = in.get(key);
        if (t == null) throw new UserError(batch + ": missing tensor '" + key + "' (need inputs, puzzle_identifiers, optional labels)");
        if (t.dtype() != DType.I32 && t.dtype() != DType.I64)
            throw new UserError(batch + ": tensor '" + key + "' is " + t.dtype() + ", expected I32");
        if (shape == null && t.shape().length != 1)
            throw new UserError(batch + ": tensor '" + key + "' has shape " + Arrays.toString(t.shape()) + ", expected [B]");
        if (shape != null && !Arrays.equals(t.shape(), shape))
            throw new UserError(batch + ": tensor '" + key + "' has shape " + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(shape)
                    + " (B from puzzle_identifiers, seq_len from the config)");
        return t.toInts();
    }
}
