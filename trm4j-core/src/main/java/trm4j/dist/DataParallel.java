package trm4j.dist;

import trm4j.nn.Param;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

/**
 * The collectives of data-parallel training (the official torchrun/NCCL scheme) over a {@link Comm}: each rank
 * holds {@code global_batch / ranks} ACT slots, the slots of rank r being rows {@code [r·local, (r+1)·local)} of
 * the global batch.
 *
 * <p>Dense gradients are summed deterministically: the flat gradient is cut into {@code ranks} equal chunks,
 * an all-to-all sends chunk j of every rank to rank j, rank j adds the {@code ranks} copies in rank order
 * (((g₀ + g₁) + g₂) + …, float32), and an all-gather returns the summed chunks to everyone. The result is the
 * same bits on every rank and on every repetition, whatever algorithms MPI picks, for the price of a ring
 * all-reduce (2·(N−1)/N of the gradient bytes in and out per rank). The sparse puzzle-embedding gradients are
 * all-gathered as (ids, rows), so that every rank applies SignSGD to the global batch as one process would.
 * With one rank every operation is the identity and nothing is copied.
 */
public final class DataParallel implements AutoCloseable {
    private final Comm comm;
    private Arena buffers;
    private MemorySegment flat = MemorySegment.NULL, scratch = MemorySegment.NULL;
    private float[] acc, block;

    public DataParallel(Comm comm) { this.comm = comm; }

    /** One process, no MPI. */
    public static DataParallel single() { return new DataParallel(Comm.single()); }

    /** Open MPI's world when this process was started by mpirun/srun, else {@link #single()}. */
    public static DataParallel fromEnvironment() {
        return Mpi.launched() ? new DataParallel(Mpi.init()) : single();
    }

    public Comm comm() { return comm; }
    public int rank() { return comm.rank(); }
    public int ranks() { return comm.size(); }
    public boolean distributed() { return comm.size() > 1; }
    /** Rank 0 writes checkpoints, metrics, plots and progress. */
    public boolean writer() { return comm.rank() == 0; }

    /** The slots of this rank: {@code globalBatch / ranks}, which must divide evenly (as the official code asserts). */
    public int localBatch(int globalBatch) {
        if (globalBatch % comm.size() != 0)
            throw new IllegalArgumentException("global_batch_size " + globalBatch + " is not divisible by the " + comm.size()
                    + " MPI ranks; choose a multiple of " + comm.size());
        return globalBatch / comm.size();
    }

    /** Sums every parameter's gradient over the ranks in place (rank order, same bits everywhere). */
    public void sumGradients(List<Param> params) {
        if (!distributed()) return;
        long n = 0;
        for (Param p : params) n += p.grad.length;
        int N = comm.size();
        int chunk = Math.toIntExact((n + N - 1) / N);
        long bytes = (long) chunk * N * Float.BYTES;
        if (flat.byteSize() != bytes) {
            if (buffers != null) buffers.close();
            buffers = Arena.ofShared();
            flat = buffers.allocate(bytes, 64);
            scratch = buffers.allocate(bytes, 64);
            acc = new float[chunk];
            block = new float[chunk];
        }
        long o = 0;
        for (Param p : params) {   // pack straight into native memory (MPI reads it without another copy)
            MemorySegment.copy(p.grad, 0, flat, JAVA_FLOAT, o, p.grad.length);
            o += (long) p.grad.length * Float.BYTES;
        }
        flat.asSlice(o).fill((byte) 0);
        sumChunks(chunk);
        o = 0;
        for (Param p : params) {
            MemorySegment.copy(scratch, JAVA_FLOAT, o, p.grad, 0, p.grad.length);
            o += (long) p.grad.length * Float.BYTES;
        }
    }

    /** {@code flat} (ranks × chunk floats) summed over all ranks in rank order, into {@code scratch}. */
    private void sumChunks(int chunk) {
        long blockBytes = (long) chunk * Float.BYTES;
        comm.alltoall(flat, scratch);
        // scratch = [rank 0's copy of my chunk, rank 1's copy, …]: add them in rank order.
        MemorySegment.copy(scratch, JAVA_FLOAT, 0, acc, 0, chunk);
        for (int r = 1; r < comm.size(); r++) {
            MemorySegment.copy(scratch, JAVA_FLOAT, r * blockBytes, block, 0, chunk);
            for (int i = 0; i < chunk; i++) acc[i] += block[i];
        }
        MemorySegment mine = flat.asSlice(comm.rank() * blockBytes, blockBytes);
        MemorySegment.copy(acc, 0, mine, JAVA_FLOAT, 0, chunk);
        comm.allgather(mine, scratch);
    }

    /** Every rank's {@code local} concatenated in rank order (the rank's own array when there is one rank). */
    public float[] allgather(float[] local) {
        if (!distributed()) return local;
        float[] out = new float[Math.multiplyExact(local.length, comm.size())];
        comm.allgather(MemorySegment.ofArray(local), MemorySegment.ofArray(out));
        return out;
    }

    public int[] allgather(int[] local) {
        if (!distributed()) return local;
        int[] out = new int[Math.multiplyExact(local.length, comm.size())];
        comm.allgather(MemorySegment.ofArray(local), MemorySegment.ofArray(out));
        return out;
    }

    /** Element-wise sum over the ranks, added in rank order (metric sums; tiny). */
    public double[] sum(double[] local) {
        if (!distributed()) return local;
        double[] all = new double[Math.multiplyExact(local.length, comm.size())];
        comm.allgather(MemorySegment.ofArray(local), MemorySegment.ofArray(all));
        double[] out = new double[local.length];
        for (int r = 0; r < comm.size(); r++)
            for (int i = 0; i < local.length; i++) out[i] += all[r * local.length + i];
        return out;
    }

    /** Every rank's values become rank 0's (the initial weights, so all ranks start from the same bits). */
    public void broadcastFromRoot(float[] v) {
        if (distributed()) comm.broadcast(MemorySegment.ofArray(v), 0);
    }

    /** This rank's rows of a global [globalRows, …] array into {@code local} ([localRows, …]). */
    public void takeSlice(float[] global, float[] local) { System.arraycopy(global, sliceOffset(global.length, local.length), local, 0, local.length); }

    public void takeSlice(int[] global, int[] local) { System.arraycopy(global, sliceOffset(global.length, local.length), local, 0, local.length); }

    private int sliceOffset(int globalLength, int localLength) {
        if ((long) localLength * comm.size() != globalLength)
            throw new IllegalArgumentException("a global array of " + globalLength + " values does not split into " + comm.size() + " × " + localLength);
        return comm.rank() * localLength;
    }

    @Override
    public void close() {
        if (buffers != null) buffers.close();
        comm.close();
    }
}
