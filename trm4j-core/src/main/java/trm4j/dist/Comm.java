package trm4j.dist;

import java.lang.foreign.MemorySegment;

/**
 * The few collectives data-parallel training needs, on byte ranges (heap or native segments). Every rank calls
 * the same collectives in the same order with the same sizes. {@link #single()} is the one-process world;
 * {@link Mpi} is Open MPI's {@code MPI_COMM_WORLD}.
 */
public interface Comm extends AutoCloseable {
    int rank();

    int size();

    /** Every rank's {@code send} (the same length on all ranks), concatenated in rank order into {@code recv}. */
    void allgather(MemorySegment send, MemorySegment recv);

    /** Block j of {@code send} (size equal blocks) goes to rank j; block i of {@code recv} comes from rank i. */
    void alltoall(MemorySegment send, MemorySegment recv);

    /** {@code buf} on every rank becomes {@code buf} of {@code root}. */
    void broadcast(MemorySegment buf, int root);

    void barrier();

    /** Ends every rank of the job with exit code {@code code} (does not return). */
    void abort(int code);

    /** What the ranks run on, for log lines. */
    String describe();

    @Override
    void close();

    /** The world of one process: collectives are copies, nothing is sent. */
    static Comm single() { return Single.INSTANCE; }

    /** The one-process {@link Comm}. */
    final class Single implements Comm {
        static final Single INSTANCE = new Single();

        private Single() {}

        @Override public int rank() { return 0; }
        @Override public int size() { return 1; }
        @Override public void allgather(MemorySegment send, MemorySegment recv) { copy(send, recv); }
        @Override public void alltoall(MemorySegment send, MemorySegment recv) { copy(send, recv); }
        @Override public void broadcast(MemorySegment buf, int root) {
            if (root != 0) throw new IllegalArgumentException("root " + root + " outside a world of 1 process");
        }
        @Override public void barrier() {}
        @Override public void abort(int code) { Runtime.getRuntime().halt(code); }
        @Override public String describe() { return "1 process"; }
        @Override public void close() {}

        private static void copy(MemorySegment send, MemorySegment recv) {
            if (send.byteSize() != recv.byteSize())
                throw new IllegalArgumentException("receive buffer of " + recv.byteSize() + " bytes for " + send.byteSize() + " bytes sent");
            MemorySegment.copy(send, 0, recv, 0, send.byteSize());
        }
    }
}
