package trm4j.checkpoint;

import trm4j.model.TrmConfig;
import trm4j.io.RawTensor;
import trm4j.train.TrainConfig;

import java.util.Map;

/**
 * An official PyTorch checkpoint read and checked against its config: the training config with a complete
 * {@code arch} block, the arch config, and the weights as float32 under the official names (model order,
 * no compile prefix).
 */
public record OfficialImport(TrainConfig train, TrmConfig config, Map<String, RawTensor> weights) {}
