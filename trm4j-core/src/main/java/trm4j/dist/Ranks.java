package trm4j.dist;

import trm4j.tensor.Parallel;

/** Per-rank settings of a data-parallel job. */
public final class Ranks {
    private Ranks() {}

    /**
     * Threads per rank when {@code -Dtrm.threads} is not given: the processors this process may use divided by the
     * ranks on this machine (Open MPI's {@code OMPI_COMM_WORLD_LOCAL_SIZE}, Slurm's {@code SLURM_NTASKS_PER_NODE}),
     * so that N ranks on one machine do not each start a thread per core. A launcher that binds each rank to its
     * own cores already shrinks the processor count (then the division only guards against oversubscription).
     */
    public static void defaultThreads() {
        if (System.getProperty("trm.threads") != null) return;
        int perNode = localRanks();
        int procs = Runtime.getRuntime().availableProcessors();
        Parallel.setThreads(Math.max(1, procs / Math.max(1, perNode)));
    }

    static int localRanks() {
        for (String k : new String[]{"OMPI_COMM_WORLD_LOCAL_SIZE", "MPI_LOCALNRANKS", "SLURM_NTASKS_PER_NODE"}) {
            String v = System.getenv(k);
            if (v == null) continue;
            try { return Integer.parseInt(v.trim().replaceAll("\\(.*", "")); } catch (NumberFormatException ignored) { /* next */ }
        }
        return 1;
    }
}
