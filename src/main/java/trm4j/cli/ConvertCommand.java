package trm4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import trm4j.io.DType;
import trm4j.io.OfficialConfig;
import trm4j.io.RawTensor;
import trm4j.io.Safetensors;
import trm4j.io.TorchCheckpoint;
import trm4j.model.TrmConfig;
import trm4j.model.TrmModel;
import trm4j.nn.Param;
import trm4j.train.CheckpointDir;
import trm4j.train.TrainConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

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

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(checkpoint)) throw new UserError(checkpoint + ": file not found");
        if (Files.exists(out)) throw new UserError(out + ": already exists; choose a new --out directory");
        Path yaml = config;
        if (yaml == null) {
            Path beside = checkpoint.toAbsolutePath().resolveSibling("all_config.yaml");
            if (Files.isRegularFile(beside)) yaml = beside;
        }
        if (yaml == null && archConfig == null)
            throw new UserError("give --config all_config.yaml (written by the official run beside its checkpoints) or --arch-config JSON: "
                    + "H_cycles, L_cycles, num_heads, expansion, … are not stored in the weights");

        TrainConfig train = yaml != null ? trainConfig(yaml) : TrainConfig.defaults();
        Map<String, Object> arch = new LinkedHashMap<>(yaml != null ? train.arch() : Map.of());
        if (archConfig != null) arch.putAll(archMap(archConfig));
        if (seqLen != null) arch.put("seq_len", seqLen);

        Map<String, RawTensor> raw = checkpoint.getFileName().toString().endsWith(".safetensors")
                ? Safetensors.read(checkpoint) : TorchCheckpoint.read(checkpoint);
        Map<String, RawTensor> weights = TorchCheckpoint.stripCompilePrefix(raw);
        arch = ArchInference.complete(arch, weights);
        if (!arch.containsKey("seq_len"))
            throw new UserError(checkpoint + ": seq_len cannot be recovered from an attention checkpoint without learned positions "
                    + "(RoPE tables are not saved); give --seq-len N (seq_len of the data set's dataset.json)");
        String source = yaml != null ? yaml.toString() : archConfig.toString();
        TrmConfig trm = TrmConfig.fromMap(arch, source);
        Map<String, RawTensor> ordered = checkAgainstModel(trm, weights);

        writeDirectory(ordered, train.withArch(arch));
        long n = ordered.values().stream().mapToLong(RawTensor::numel).sum();
        spec.commandLine().getOut().printf("wrote %s: %d tensors, %,d values; arch: %s%n", out, ordered.size(), n, trm.toMap());
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static TrainConfig trainConfig(Path yaml) throws IOException {
        Map<String, Object> all = OfficialConfig.read(yaml);
        OfficialConfig.arch(all);
        try {
            return TrainConfig.fromJson(JSON.writeValueAsString(all), yaml.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith(yaml.toString()) ? e.getMessage() : yaml + ": " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> archMap(Path json) throws IOException {
        Map<String, Object> m;
        try {
            m = JSON.readValue(json.toFile(), LinkedHashMap.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(json + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (m == null) throw new IllegalArgumentException(json + ": empty JSON");
        if (m.get("arch_config") instanceof Map<?, ?> inner) return (Map<String, Object>) inner;
        if (m.get("arch") instanceof Map<?, ?> inner) return (Map<String, Object>) inner;
        return m;
    }

    /**
     * Names and shapes must be exactly the model's (built with a one-row puzzle table, so that checking an ARC
     * checkpoint does not allocate its 1.7 GiB table); returns the tensors in model order, as float32.
     */
    private Map<String, RawTensor> checkAgainstModel(TrmConfig c, Map<String, RawTensor> weights) {
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

    /** Writes into a temporary sibling directory, then renames it: no half-written checkpoint is ever visible. */
    private void writeDirectory(Map<String, RawTensor> weights, TrainConfig train) throws IOException {
        Path target = out.toAbsolutePath().normalize();
        Path parent = target.getParent();
        Files.createDirectories(parent);
        // Not Files.createTempDirectory: its owner-only permissions would stay on the renamed directory.
        Path tmp = Files.createDirectory(parent.resolve("." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp"));
        try {
            Safetensors.write(tmp.resolve(CheckpointDir.MODEL), weights, Map.of("format", "trm4j", "source", checkpoint.getFileName().toString()));
            Files.writeString(tmp.resolve(CheckpointDir.CONFIG), train.toJson() + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
        } finally {
            if (Files.exists(tmp)) try (Stream<Path> s = Files.walk(tmp)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }
}
