package trm4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import trm4j.checkpoint.Checkpoints;
import trm4j.checkpoint.OfficialImport;
import trm4j.io.RawTensor;
import trm4j.checkpoint.CheckpointDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code trm convert}: an official PyTorch checkpoint (torch.save state dict, or safetensors with official names)
 * becomes a trm4j checkpoint directory (as {@link CheckpointDir} writes and resolves): {@code model.safetensors} (float32, official names, no compile prefix) and
 * {@code config.json} (the training config with a complete {@code arch} block).
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = "Convert an official PyTorch checkpoint (step_N / .pt / .safetensors) into a trm4j checkpoint directory.")
public final class ConvertCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "CHECKPOINT", description = "torch.save file (zip or legacy) or .safetensors with official names.")
    Path checkpoint;
    @Option(names = "--config", description = "The run's all_config.yaml (official training config; default: all_config.yaml beside CHECKPOINT if present).")
    Path config;
    @Option(names = "--arch-config", description = "Official arch keys as JSON (or a sidecar with arch_config); overrides --config's arch block.")
    Path archConfig;
    @Option(names = "--seq-len", description = "seq_len (from the data set's dataset.json); needed for attention models with RoPE or no positions.")
    Integer seqLen;
    @Option(names = "--out", required = true, description = "Output checkpoint directory (must not exist).")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(checkpoint)) throw new UserError(checkpoint + ": file not found");
        if (Files.exists(out)) throw new UserError(out + ": already exists; choose a new --out directory");
        Path yaml = config != null ? config : Checkpoints.configBeside(checkpoint, false);
        OfficialImport imp = Checkpoints.importOfficial(checkpoint, yaml, archConfig, seqLen);
        imp.writeDirectory(out, checkpoint.getFileName().toString());
        long n = imp.weights().values().stream().mapToLong(RawTensor::numel).sum();
        spec.commandLine().getOut().printf("wrote %s: %d tensors, %,d values; arch: %s%n", out, imp.weights().size(), n, imp.config().toMap());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
