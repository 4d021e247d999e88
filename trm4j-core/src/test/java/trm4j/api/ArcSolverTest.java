package trm4j.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trm4j.data.arc.ArcTask;
import trm4j.data.arc.ArcTaskReader;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** ARC: the versions of a task come from identifiers.json; every version votes once per test input. */
public class ArcSolverTest {
    @TempDir Path dir;

    /** Two test inputs, the second without an output; {@code trm4j.cli.SolveArcCommandTest} solves it too. */
    public static final String TASK = "{\"train\": [{\"input\": [[1, 0], [0, 1]], \"output\": [[2, 0], [0, 2]]}],"
            + " \"test\": [{\"input\": [[1, 1], [0, 0]], \"output\": [[2, 2], [0, 0]]}, {\"input\": [[0, 1]]}]}";

    @Test
    void plansFromIdentifiersAndVotesOncePerVersion() throws Exception {
        List<String> ids = List.of("<blank>", "abc", "abc|||t1|||0213456789", "abd", "abc|||t5|||0987654321");
        ArcSolver.Plan p = ArcSolver.plan("abc", ids, 8, 0, 0);
        assertEquals(List.of("abc", "abc|||t1|||0213456789", "abc|||t5|||0987654321"), p.names());
        assertArrayEquals(new int[]{1, 2, 4}, p.puzzleIds());
        assertTrue(p.trained());
        assertEquals(2, ArcSolver.plan("abc", ids, 8, 0, 2).size());
        ArcSolver.Plan fallback = ArcSolver.plan("zzz", ids, 3, 0, 0);
        assertFalse(fallback.trained());
        assertEquals(4, fallback.size());
        assertArrayEquals(new int[4], fallback.puzzleIds());

        var arch = TinyCheckpoints.arch(900, 12, 5, 16, 1);
        Path ck = TinyCheckpoints.save(dir.resolve("run"), arch, arch, List.of(), 5, null);
        Trm trm = Trm.load(ck);
        ArcTask task = ArcTaskReader.parseTask("abc", (ObjectNode) new ObjectMapper().readTree(TASK.replace("{\"input\": [[0, 1]]}",
                "{\"input\": [[0, 1]], \"output\": [[0]]}")), "t");
        ArcSolver.Result r = ArcSolver.solve(trm, task, new boolean[]{true, false}, p, null, 8, null);
        assertEquals(2, r.tests().size());
        for (ArcSolver.TestResult t : r.tests()) {
            assertEquals(3, t.candidates().stream().mapToInt(c -> c.votes()).sum(), "one vote per version");
            for (int i = 1; i < t.candidates().size(); i++)
                assertTrue(t.candidates().get(i - 1).votes() >= t.candidates().get(i).votes(), "ranked by votes");
        }
        assertNull(r.tests().get(1).expected());
        assertEquals(0, r.tests().get(1).rankOfExpected());
    }
}
