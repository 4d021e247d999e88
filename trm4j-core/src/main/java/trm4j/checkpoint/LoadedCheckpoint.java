package trm4j.checkpoint;

import trm4j.data.PuzzleDatasetMetadata;
import trm4j.model.TrmConfig;
import trm4j.model.TrmModel;
import trm4j.train.TrainConfig;

import java.nio.file.Path;

/**
 * A model with its weights loaded, and what is known about how it was trained.
 *
 * @param source     the checkpoint folder (trm4j) or torch.save file (official) the weights came from
 * @param model      the model, weights loaded
 * @param config     its arch config (complete: seq_len, vocab_size, num_puzzle_identifiers filled in)
 * @param train      the training config (config.json / all_config.yaml), or null for a bare weights file
 * @param dataDir    the data set the model was trained on, when that folder exists here; else null
 * @param metadata   that data set's dataset.json (test split if present, else train), or null
 */
public record LoadedCheckpoint(Path source, TrmModel model, TrmConfig config, TrainConfig train, Path dataDir,
                               PuzzleDatasetMetadata metadata) {}
