package trm4j.checkpoint;

import trm4j.data.PuzzleDatasetMetadata;
import trm4j.io.AtomicFiles;
import trm4j.io.DType;
import trm4j.io.RawTensor;
import trm4j.io.Safetensors;
import trm4j.io.TorchCheckpoint;
import trm4j.model.TrmConfig;
import trm4j.model.TrmModel;
import trm4j.nn.Param;
import trm4j.train.TrainConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An official PyTorch checkpoint read and checked against its config: the training config with a complete
 * {@code arch} block, the arch config, and the weights as float32 under the official names (model order,
 * no compile prefix).
 */
public record OfficialImport(TrainConfig train, TrmConfig config, Map<String, RawTensor> weights) {
    /**
     * Reads an official checkpoint (torch.save file, or safetensors with official names) and completes its arch
     * config: {@code yaml} (all_config.yaml) or {@code archJson} is required, as H_cycles, L_cycles, … are not in
     * the weights; {@code seqLen} sets seq_len; the other keys come from the train split's metadata (or null), then
     * from the weights ({@link ArchInference#complete}). The weights must be exactly the model's.
     */
    static OfficialImport read(Path checkpoint, Path yaml, Path archJson, Integer seqLen, PuzzleDatasetMetadata trainMeta)
            throws IOException {
        if (!Files.isRegularFile(checkpoint)) throw new IllegalArgumentException(checkpoint + ": file not found");
        if (yaml == null && archJson == null)
            throw new IllegalArgumentException("give --config all_config.yaml (written by the official run beside its checkpoints) or --arch-config JSON: "
                    + "H_cycles, L_cycles, num_heads, expansion, … are not stored in the weights");
        TrainConfig train = yaml != null ? Checkpoints.trainConfig(yaml) : TrainConfig.defaults();
        Map<String, Object> arch = new LinkedHashMap<>(yaml != null ? train.arch() : Map.of());
        if (archJson != null) arch.putAll(Checkpoints.archMap(archJson));
        if (seqLen != null) arch.put("seq_len", seqLen);
        Map<String, RawTensor> weights = TorchCheckpoint.stripCompilePrefix(Checkpoints.readWeights(checkpoint));
        arch = Checkpoints.completeArch(arch, trainMeta, weights, yaml != null ? yaml.toString() : archJson.toString());
        if (!arch.containsKey("seq_len"))
            throw new IllegalArgumentException(checkpoint + ": seq_len cannot be recovered from an attention checkpoint without learned positions "
                    + "(RoPE tables are not saved); give --seq-len N (seq_len of the data set's dataset.json)");
        String source = yaml != null ? yaml.toString() : archJson.toString();
        TrmConfig trm = TrmConfig.fromMap(arch, source);
        return new OfficialImport(train.withArch(arch), trm, checkAgainstModel(checkpoint, trm, weights));
    }

    /**
     * Names and shapes must be exactly the model's (built with a one-row puzzle table, so that checking an ARC
     * checkpoint does not allocate its 1.7 GiB table twice); returns the tensors in model order, as float32.
     */
    private static Map<String, RawTensor> checkAgainstModel(Path checkpoint, TrmConfig c, Map<String, RawTensor> weights) {
        Map<String, Object> small = new LinkedHashMap<>(c.toMap());
        small.put("num_puzzle_identifiers", 1);
        TrmModel model = new TrmModel(TrmConfig.fromMap(small, "convert"));
        List<String> problems = new ArrayList<>();
        Map<String, RawTensor> ordered = new LinkedHashMap<>();
        for (Param p : model.params().values()) {
            RawTensor t = weights.get(p.name);
            int[] want = p.shape();
            if (p.name.endsWith("puzzle_emb.weights")) want[0] = c.num_puzzle_identifiers();
            if (t == null) problems.add("missing " + p.name);
            else if (!Arrays.equals(t.shape(), want))
                problems.add(p.name + " is " + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(want));
            else ordered.put(p.name, t.dtype() == DType.F32 ? t : RawTensor.ofFloats(t.toFloats(), t.shape()));
        }
        for (String k : weights.keySet())
            if (!model.params().containsKey(k) && !k.endsWith("rotary_emb.cos_cached") && !k.endsWith("rotary_emb.sin_cached"))
                problems.add("unexpected " + k);
        if (problems.size() > 4) {
            int more = problems.size() - 4;
            problems = new ArrayList<>(problems.subList(0, 4));
            problems.add("… " + more + " more");
        }
        if (!problems.isEmpty())
            throw new IllegalArgumentException(checkpoint + ": weights do not match the arch config: " + String.join("; ", problems)
                    + " (check --config/--arch-config belong to this checkpoint)");
        return ordered;
    }

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
