package trm4j.data;

import java.util.random.RandomGenerator;

/**
 * A fresh random change of every training example at the moment it is drawn (trm4j's own recipe, not the
 * official loop, which trains on the augmentations stored in the data set). It is applied to the global batch
 * before the ranks take their slices, so the stream does not depend on the number of processes.
 */
public interface BatchAugment {
    /**
     * Changes {@code batch}'s rows in place: inputs and labels [size, seq_len] (tokens as the data set stores them,
     * ignored labels already −100). {@code step} is the optimizer step the batch is drawn for (1-based), for
     * schedules; {@code rng} is the run's augmentation stream (saved with the training state).
     */
    void apply(Batch batch, long step, RandomGenerator rng);
}
