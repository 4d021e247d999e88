package trm4j.cli;

import picocli.CommandLine.Option;
import trm4j.checkpoint.Checkpoints;
import trm4j.checkpoint.LoadedCheckpoint;

import java.io.IOException;
import java.nio.file.Path;

/** The options that locate a model (shared by solve and eval): a checkpoint and, for official files, its config. */
final class CheckpointOptions {
    @Option(names = "--checkpoint", required = true, paramLabel = "PATH",
            description = "trm4j checkpoint folder (step_N), run folder (its latest checkpoint), or official torch.save file (step_N, .pt).")
    Path checkpoint;
    @Option(names = "--config", paramLabel = "YAML", description = "Official all_config.yaml for a torch.save file (default: beside it).")
    Path config;
    @Option(names = "--arch-config", paramLabel = "JSON", description = "Official arch keys as JSON; override the config's arch block.")
    Path archConfig;
    @Option(names = "--seq-len", paramLabel = "N", description = "seq_len, when neither the data set nor the weights give it (attention + RoPE).")
    Integer seqLen;

    LoadedCheckpoint load(Path dataDir) throws IOException {
        return Checkpoints.load(checkpoint, new Checkpoints.Options(config, archConfig, seqLen, dataDir));
    }
}
