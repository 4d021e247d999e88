package trm4j.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import trm4j.data.PuzzleDatasetMetadata;
import trm4j.io.OfficialConfig;
import trm4j.io.RawTensor;
import trm4j.io.Safetensors;
import trm4j.io.TorchCheckpoint;
import trm4j.model.TrmConfig;
import trm4j.model.MemoryEstimate;
import trm4j.model.TrmModel;
import trm4j.model.TrmWeights;
import trm4j.train.TrainConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Loads a model from whatever a user points at: a trm4j checkpoint folder ({@code step_N} with config.json and
 * model.safetensors), a run folder (its latest checkpoint), or an official {@code torch.save} file (a
 * {@code step_N} file or {@code .pt}) with its {@code all_config.yaml} beside it or given. The arch keys the
 * configs lack (seq_len, vocab_size, num_puzzle_identifiers come from dataset.json in the official code) are
 * taken from the data set when it is here, then from the shapes of the weights.
 */
public final class Checkpoints {
    private Checkpoints() {}

    /**
     * Where the hyper-parameters of an official weights file come from, and overrides.
     *
     * @param officialConfig the run's all_config.yaml (default: all_config.yaml or NAME.all_config.yaml beside the file)
     * @param archConfig     official arch keys as JSON (or a sidecar with arch_config); overrides the YAML's arch block
     * @param seqLen         seq_len, for attention + RoPE weights whose data set is not here
     * @param dataDir        the data set (default: data_paths of the training config, when it exists)
     */
    public record Options(Path officialConfig, Path archConfig, Integer seqLen, Path dataDir) {
        public static Options none() { return new Options(null, null, null, null); }
    }

    public static LoadedCheckpoint load(Path path) throws IOException { return load(path, Options.none()); }

    public static LoadedCheckpoint load(Path path, Options o) throws IOException {
        Path p = path;
        if (Files.isRegularFile(p)) {
            Path config = configBeside(p);
            if (config == null || !config.getFileName().toString().equals(CheckpointDir.CONFIG)) return loadOfficial(p, config, o);
            p = p.toAbsolutePath().getParent();   // model.safetensors of a trm4j checkpoint: the folder
        }
        return loadTrm4j(CheckpointDir.resolve(p), o);
    }

    // ------------------------------------------------------------------------------------------- trm4j

    private static LoadedCheckpoint loadTrm4j(Path dir, Options o) throws IOException {
        Path cfgFile = dir.resolve(CheckpointDir.CONFIG);
        TrainConfig train = TrainConfig.readJson(cfgFile);
        Map<String, RawTensor> weights = Safetensors.read(dir.resolve(CheckpointDir.MODEL));
        Path data = o.dataDir() != null ? o.dataDir() : dataDirOf(train);
        Map<String, Object> arch = new LinkedHashMap<>(train.arch());
        if (o.archConfig() != null) arch.putAll(archMap(o.archConfig()));
        Data d = data(data, o.dataDir() != null);
        if (o.seqLen() != null) arch.put("seq_len", o.seqLen());
        arch = completeArch(arch, d.trainMeta, TorchCheckpoint.stripCompilePrefix(weights), cfgFile.toString());
        arch.putIfAbsent("forward_dtype", "bfloat16");
        if (!arch.containsKey("seq_len"))
            throw new IllegalArgumentException(cfgFile + ": seq_len is unknown (the data set " + data + " is not here and the "
                    + "weights do not show it); give --data DIR (the data set) or --seq-len N");
        TrmConfig config = TrmConfig.fromMap(arch, cfgFile.toString());
        MemoryEstimate.check(config, 1, 2, cfgFile.toString());
        TrmModel model = new TrmModel(config);
        TrmWeights.load(model, weights, dir.resolve(CheckpointDir.MODEL).toString());
        return new LoadedCheckpoint(dir, model, config, train, d.dir, d.meta());
    }

    // ------------------------------------------------------------------------------------------- official

    private static LoadedCheckpoint loadOfficial(Path file, Path beside, Options o) throws IOException {
        Path yaml = o.officialConfig() != null ? o.officialConfig() : beside;
        Path data = o.dataDir();
        if (data == null && yaml != null) {
            Path d = dataDirOf(trainConfig(yaml));
            if (d != null && Files.isDirectory(d)) data = d;
        }
        Data d = data(data, o.dataDir() != null);
        OfficialImport imp = OfficialImport.read(file, yaml, o.archConfig(), o.seqLen(), d.trainMeta);
        MemoryEstimate.check(imp.config(), 1, 2, file.toString());
        TrmModel model = new TrmModel(imp.config());
        TrmWeights.load(model, imp.weights(), file.toString());
        return new LoadedCheckpoint(file, model, imp.config(), imp.train(), d.dir, d.meta());
    }

    /**
     * Reads an official checkpoint (torch.save file, or safetensors with official names) and completes its arch
     * config: {@code yaml} (all_config.yaml) or {@code archJson} is required, as H_cycles, L_cycles, … are not in
     * the weights; {@code seqLen} fills seq_len when neither config nor weights have it.
     */
    public static OfficialImport importOfficial(Path checkpoint, Path yaml, Path archJson, Integer seqLen) throws IOException {
        return OfficialImport.read(checkpoint, yaml, archJson, seqLen, null);
    }

    /**
     * The tensors of a weights file, told apart by content: a torch.save zip ({@code PK}) or legacy stream
     * (pickle protocol byte 0x80), else safetensors.
     */
    public static Map<String, RawTensor> readWeights(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + ": file not found");
        byte[] head = new byte[2];
        int n;
        try (InputStream in = Files.newInputStream(file)) { n = in.readNBytes(head, 0, 2); }
        boolean torch = n == 2 && ((head[0] == 'P' && head[1] == 'K') || (head[0] & 0xff) == 0x80);
        return torch ? TorchCheckpoint.read(file) : Safetensors.read(file);
    }

    /**
     * The config beside a checkpoint, the one rule: a trm4j checkpoint folder's {@value CheckpointDir#CONFIG}; a run
     * folder's latest checkpoint's, else the official {@code all_config.yaml} in it; for a file, the
     * {@value CheckpointDir#CONFIG} beside a trm4j {@value CheckpointDir#MODEL}, else the official
     * {@code all_config.yaml} beside it or, for a file NAME.step_N / NAME.pt, NAME.all_config.yaml (several official
     * checkpoints in one folder). Null when none is there.
     */
    public static Path configBeside(Path path) throws IOException { return configBeside(path, true); }

    /**
     * {@link #configBeside(Path)}; without {@code named}, an official file's config is only the one the official
     * run writes, {@code all_config.yaml}, not NAME.all_config.yaml ({@code trm convert}, which writes a checkpoint
     * for good, takes no config it has to guess from a name).
     */
    public static Path configBeside(Path path, boolean named) throws IOException {
        Path abs = path.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            if (Files.isRegularFile(abs.resolve(CheckpointDir.CONFIG)) && Files.isRegularFile(abs.resolve(CheckpointDir.MODEL)))
                return abs.resolve(CheckpointDir.CONFIG);
            Optional<Path> latest = new CheckpointDir(abs).latest();
            if (latest.isPresent()) return latest.get().resolve(CheckpointDir.CONFIG);
            Path yaml = abs.resolve(OFFICIAL_CONFIG);
            return Files.isRegularFile(yaml) ? yaml : null;
        }
        if (abs.getFileName().toString().equals(CheckpointDir.MODEL) && Files.isRegularFile(abs.resolveSibling(CheckpointDir.CONFIG)))
            return abs.resolveSibling(CheckpointDir.CONFIG);
        Path plain = abs.resolveSibling(OFFICIAL_CONFIG);
        if (Files.isRegularFile(plain)) return plain;
        String name = abs.getFileName().toString();
        int dot = name.indexOf('.');
        if (named && dot > 0) {
            Path prefixed = abs.resolveSibling(name.substring(0, dot) + "." + OFFICIAL_CONFIG);
            if (Files.isRegularFile(prefixed)) return prefixed;
        }
        return null;
    }

    /** The official run's config file name (pretrain.py writes it beside its checkpoints). */
    public static final String OFFICIAL_CONFIG = "all_config.yaml";

    /** {@link ArchInference#complete}, its errors naming {@code source} (where the arch keys came from). */
    static Map<String, Object> completeArch(Map<String, Object> arch, PuzzleDatasetMetadata trainMeta,
                                                    Map<String, RawTensor> weights, String source) {
        try {
            return ArchInference.complete(arch, trainMeta, weights);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith(source) ? e.getMessage() : source + ": " + e.getMessage(), e);
        }
    }

    private static final ObjectMapper JSON = trm4j.io.StrictJson.MAPPER;

    static TrainConfig trainConfig(Path yaml) throws IOException {
        Map<String, Object> all = OfficialConfig.read(yaml);
        OfficialConfig.arch(all);
        try {
            return TrainConfig.fromJson(JSON.writeValueAsString(all), yaml.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith(yaml.toString()) ? e.getMessage() : yaml + ": " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> archMap(Path json) throws IOException {
        if (!Files.isRegularFile(json)) throw new IllegalArgumentException(json + ": file not found");
        Map<String, Object> m;
        try {
            m = JSON.readValue(trm4j.io.TextFiles.read(json), LinkedHashMap.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(json + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (m == null) throw new IllegalArgumentException(json + ": empty JSON");
        if (m.get("arch_config") instanceof Map<?, ?> inner) {
            // a fixture sidecar names its variant beside the arch keys
            Map<String, Object> arch = new LinkedHashMap<>((Map<String, Object>) inner);
            if (m.get("official_arch_name") != null) arch.putIfAbsent("name", m.get("official_arch_name"));
            return arch;
        }
        if (m.get("arch") instanceof Map<?, ?> inner) return (Map<String, Object>) inner;
        return m;
    }

    // ------------------------------------------------------------------------------------------- data set

    /** The data set a training config names (data_paths_test first, as evaluation uses it), or null. */
    public static Path dataDirOf(TrainConfig train) {
        if (train == null) return null;
        if (!train.dataPathsTest().isEmpty()) return Path.of(train.dataPathsTest().get(0));
        if (!train.dataPaths().isEmpty()) return Path.of(train.dataPaths().get(0));
        return null;
    }

    private record Data(Path dir, PuzzleDatasetMetadata trainMeta, PuzzleDatasetMetadata testMeta) {
        PuzzleDatasetMetadata meta() { return testMeta != null ? testMeta : trainMeta; }
    }

    /** What the data folder holds; a folder the user named must exist, one from a config may be gone. */
    private static Data data(Path dir, boolean required) throws IOException {
        if (dir == null) return new Data(null, null, null);
        if (!Files.isDirectory(dir)) {
            if (required) throw new IllegalArgumentException(dir + ": no such data set directory (expected <dir>/test/dataset.json)");
            return new Data(null, null, null);
        }
        Path tr = dir.resolve("train").resolve(PuzzleDatasetMetadata.FILE_NAME), te = dir.resolve("test").resolve(PuzzleDatasetMetadata.FILE_NAME);
        PuzzleDatasetMetadata trainMeta = Files.isRegularFile(tr) ? PuzzleDatasetMetadata.read(tr) : null;
        PuzzleDatasetMetadata testMeta = Files.isRegularFile(te) ? PuzzleDatasetMetadata.read(te) : null;
        if (trainMeta == null && testMeta == null) {
            if (required) throw new IllegalArgumentException(dir + ": not a data set (no train/ or test/ dataset.json); build it with trm data");
            return new Data(null, null, null);
        }
        if (trainMeta == null) trainMeta = testMeta;
        return new Data(dir, trainMeta, testMeta);
    }
}
