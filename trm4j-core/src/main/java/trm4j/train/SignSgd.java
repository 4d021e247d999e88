package trm4j.train;

import java.util.Arrays;

/**
 * The official optimizer of the sparse puzzle-embedding table (
 * {@code CastedSparseEmbeddingSignSGD_Distributed} in the official {@code models/sparse_embedding.py}): the batch's ids are made unique, the per-row gradients
 * summed per id (in batch order, float32), and only those rows move:
 * {@code w ← w·(1 − lr·wd) − lr·sign(Σg)}, sign(0) = 0. Rows absent from the batch are not decayed.
 */
public final class SignSgd {
    private final double weightDecay;

    public SignSgd(double weightDecay) {
        if (!(weightDecay >= 0)) throw new IllegalArgumentException("puzzle_emb_weight_decay must be >= 0, got " + weightDecay);
        this.weightDecay = weightDecay;
    }

    public double weightDecay() { return weightDecay; }

    /**
     * One step. weights: [num_ids, dim] (updated in place); ids: [B]; grads: [B, dim], the gradient of each
     * batch row's embedding (rows sharing an id are summed here, not by the caller).
     */
    public void step(float[] weights, int dim, int[] ids, float[] grads, double lr) {
        if (dim <= 0 || weights.length % dim != 0)
            throw new IllegalArgumentException("puzzle embedding table of " + weights.length + " values is not [num_ids, " + dim + "]");
        if (grads.length != (long) ids.length * dim)
            throw new IllegalArgumentException("puzzle embedding gradient has " + grads.length + " values, expected [" + ids.length + ", " + dim + "]");
        int numIds = weights.length / dim;
        int[] unique = Arrays.stream(ids).distinct().sorted().toArray();
        for (int id : unique)
            if (id < 0 || id >= numIds)
                throw new IllegalArgumentException("puzzle identifier " + id + " is outside the embedding table [0, " + numIds + ")");
        // sum: [U, dim], rows in the order of `unique`
        float[] sum = new float[unique.length * dim];
        for (int b = 0; b < ids.length; b++) {
            int u = Arrays.binarySearch(unique, ids[b]);
            for (int j = 0; j < dim; j++) sum[u * dim + j] += grads[b * dim + j];
        }
        // The official code scales by a float32 copy of (1 − lr·wd) and adds −lr (float32) times the sign.
        float decay = (float) (1.0 - lr * weightDecay);
        float step = (float) lr;
        for (int u = 0; u < unique.length; u++) {
            int row = unique[u] * dim;
            for (int j = 0; j < dim; j++)
                weights[row + j] = weights[row + j] * decay - step * Math.signum(sum[u * dim + j]);
        }
    }
}
