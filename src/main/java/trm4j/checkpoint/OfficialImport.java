package trm4j.checkpoint;

import trm4j.io.AtomicFiles;
import trm4j.io.RawTensor;
import trm4j.io.Safetensors;
import trm4j.model.TrmConfig;
import trm4j.train.TrainConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * An official PyTorch checkpoint read and checked against its config: the training config with a complete
 * {@code arch} block, the arch config, and the weights as float32 under the official names (model order,
 * no compile prefix).
 */
public record OfficialImport(TrainConfig train, TrmConfig config, Map<String, RawTensor> weights) {
    /**
     * Writes this import as a trm4j checkpoint folder {@code out} ({@value CheckpointDir#MODEL} with metadata naming
     * {@code source}, and {@value CheckpointDir#CONFIG}): into a temporary sibling folder, then renamed, so that no
     * half-written checkpoint is ever visible.
     */
    public void writeDirectory(Path out, String source) throws IOException {
        Path target = out.toAbsolutePath().normalize();
        Files.createDirectories(target.getParent());
        Path tmp = AtomicFiles.createStagingDir(target, "tmp");
        try {
            Safetensors.write(tmp.resolve(CheckpointDir.MODEL), weights, Map.of("format", "trm4j", "source", source));
            AtomicFiles.writeString(tmp.resolve(CheckpointDir.CONFIG), train.toJson() + "\n");
            AtomicFiles.move(tmp, target);
        } finally {
            AtomicFiles.deleteTree(tmp);
        }
    }
}
