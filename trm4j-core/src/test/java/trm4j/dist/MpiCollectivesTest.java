package trm4j.dist;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The FFM binding and the deterministic collectives on 3 real Open MPI ranks ({@link MpiProbe}). */
class MpiCollectivesTest {
    @Test
    void threeRanksSumInRankOrderGatherAndBroadcast() throws Exception {
        MpiRun.requireMpirun();
        Process p = new ProcessBuilder(MpiRun.command(3, MpiProbe.class.getName(), List.of())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        for (int r = 0; r < 3; r++)
            assertTrue(out.contains("probe rank " + r + " of 3 wrong 0 ids [0, 1, 10, 11, 20, 21] bcast 2.5,0.0 sum 3.0,3.0"), out);
    }

    @Test
    void launchedOnlyUnderAnMpiLauncher() {
        assertFalse(Mpi.launched(Map.of("PATH", "/usr/bin", "SLURM_PROCID", "0")), "a plain sbatch shell is not an MPI rank");
        assertTrue(Mpi.launched(Map.of("OMPI_COMM_WORLD_SIZE", "2")));
        assertTrue(Mpi.launched(Map.of("PMIX_RANK", "0")));
        assertTrue(Mpi.launched(Map.of("PMI_RANK", "3")));
    }

    @Test
    void oneProcessIsTheIdentity() {
        DataParallel dp = DataParallel.single();
        float[] g = {1.5f, -2f};
        trm4j.nn.Param p = new trm4j.nn.Param("p", true, 2);
        System.arraycopy(g, 0, p.grad, 0, 2);
        dp.sumGradients(List.of(p));
        assertArrayEquals(g, p.grad);
        int[] ids = {4, 5};
        assertSame(ids, dp.allgather(ids));
        assertArrayEquals(new double[]{1, 2}, dp.sum(new double[]{1, 2}));
        assertEquals(16, dp.localBatch(16));
    }

    @Test
    void aGlobalBatchMustSplitEvenly() {
        DataParallel three = new DataParallel(new FixedRank(1, 3));
        assertEquals(4, three.localBatch(12));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> three.localBatch(16));
        assertTrue(e.getMessage().contains("not divisible by the 3 MPI ranks"), e.getMessage());
        float[] local = new float[2];
        three.takeSlice(new float[]{0, 1, 2, 3, 4, 5}, local);
        assertArrayEquals(new float[]{2, 3}, local);
    }

    /** Rank and size only (slicing needs no communication). */
    record FixedRank(int rank, int size) implements Comm {
        public void allgather(java.lang.foreign.MemorySegment s, java.lang.foreign.MemorySegment r) { throw new UnsupportedOperationException(); }
        public void alltoall(java.lang.foreign.MemorySegment s, java.lang.foreign.MemorySegment r) { throw new UnsupportedOperationException(); }
        public void broadcast(java.lang.foreign.MemorySegment b, int root) { throw new UnsupportedOperationException(); }
        public void barrier() {}
        public void abort(int code) { throw new UnsupportedOperationException(); }
        public String describe() { return "test"; }
        public void close() {}
    }
}
