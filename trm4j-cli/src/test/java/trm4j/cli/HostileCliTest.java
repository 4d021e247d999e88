package trm4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import trm4j.data.PuzzleDatasetMetadata;
import trm4j.data.arc.ArcTaskReader;
import trm4j.data.maze.MazeCsv;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.*;

/** Issue 14 at the command line: every failure is one capped line with an exit code, never a trace or a hang. */
class HostileCliTest {
    @TempDir Path dir;

    /** {rc, stderr} of running {@code body} as a command through {@link Main#execute}. */
    private static String[] crash(Callable<Integer> body) {
        @CommandLine.Command(name = "boom")
        class Boom implements Callable<Integer> {
            @CommandLine.Option(names = "--in") String in;
            @Override public Integer call() throws Exception { return body.call(); }
        }
        CommandLine cl = new CommandLine(new Boom());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        int rc = Main.execute(cl, "--in", "data/x.json");
        return new String[]{String.valueOf(rc), err.toString()};
    }

    private static void assertOneLine(String stderr) {
        assertEquals(1, stderr.strip().lines().count(), stderr);
        assertTrue(stderr.startsWith("trm: "), stderr);
        assertTrue(stderr.strip().length() <= ErrorHandler.MAX_LINE + 40, stderr.length() + " characters");
    }

    @Test
    void everyThrowableBecomesOneLine() {
        String[] r = crash(() -> { throw new StackOverflowError(); });
        assertEquals("2", r[0]);
        assertOneLine(r[1]);
        assertTrue(r[1].contains("input nested too deeply"), r[1]);

        r = crash(() -> { throw new OutOfMemoryError("Java heap space"); });
        assertEquals("2", r[0]);
        assertOneLine(r[1]);
        assertTrue(r[1].contains("out of memory (Java heap space") && r[1].contains("TRM_JAVA_OPTS=-Xmx"), r[1]);

        r = crash(() -> { throw new ArithmeticException("long overflow"); });
        assertEquals("1", r[0]);
        assertOneLine(r[1]);
        assertTrue(r[1].contains("internal error in `trm --in data/x.json`: java.lang.ArithmeticException: long overflow at ")
                && r[1].contains("-Dtrm.debug=true"), r[1]);

        r = crash(() -> { throw new IllegalArgumentException("f.json: line 1\nline 2 " + "x".repeat(5000)); });
        assertEquals("2", r[0]);
        assertOneLine(r[1]);
        assertTrue(r[1].contains("f.json: line 1 line 2 xxx") && r[1].contains("more characters)"), r[1]);

        r = crash(() -> { throw new java.io.UncheckedIOException(new java.nio.file.NoSuchFileException("/no/such")); });
        assertEquals("trm: /no/such: no such file or directory", r[1].strip());
    }

    @Test
    void debugAddsTheTrace() {
        System.setProperty("trm.debug", "true");
        try {
            String[] r = crash(() -> { throw new IllegalStateException("boom"); });
            assertTrue(r[1].contains("\tat "), "stack trace with -Dtrm.debug=true");
            assertTrue(r[1].strip().endsWith("(run with TRM_JAVA_OPTS=-Dtrm.debug=true for the stack trace)"), r[1]);
        } finally {
            System.clearProperty("trm.debug");
        }
    }

    @Test
    void aGeneratorThatCannotReachItsRatingGivesUp() {
        String[] r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliRun.run("data", "sudoku", "--generate", "1", "--size", "4",
                "--min-rating", "1000000", "--max-candidates", "2000", "--out", dir.resolve("x.csv").toString()));
        assertEquals("2", r[0]);
        assertOneLine(r[2]);
        assertTrue(r[2].contains("no 4x4 puzzle rated at least 1000000 in 2000 candidates (the highest rating reached was "), r[2]);
        assertFalse(Files.exists(dir.resolve("x.csv")));
    }

    @Test
    void countsBeyondTheHeapAreRefusedBeforeAllocating() {
        String[] r = CliRun.run("data", "sudoku", "--generate", "2000000000", "--out", dir.resolve("x.csv").toString());
        assertEquals("2", r[0]);
        assertOneLine(r[2]);
        assertTrue(r[2].contains("--generate 2000000000 needs at least") && r[2].contains("Java heap limit"), r[2]);
        r = CliRun.run("data", "maze", "--generate", "2000000000", "--size", "30", "--out", dir.resolve("m.csv").toString());
        assertEquals("2", r[0]);
        assertOneLine(r[2]);
        assertTrue(r[2].contains("needs at least"), r[2]);
    }

    @Test
    void aTokenOutsideTheVocabularyInAnUncheckedTestSplitIsAUserError() throws Exception {
        Path data = dir.resolve("data");
        try (trm4j.data.PuzzleDatasetWriter w = new trm4j.data.PuzzleDatasetWriter(data, 16, 6)) {
            var test = w.split("test");
            for (int i = 0; i < 3; i++) {
                int[] t = new int[16];
                java.util.Arrays.fill(t, 2);
                test.addExample(t, t);
                test.endPuzzle(0);
                test.endGroup();
            }
            w.finish(java.util.List.of("<blank>"));
        }
        // eval opens the test split without its token scan: a label of 9 (vocab 6) reached the loss as an internal error
        Path labels = data.resolve("test").resolve("all__labels.npy");
        byte[] b = new byte[48];
        java.util.Arrays.fill(b, (byte) 2);
        b[20] = 9;
        trm4j.io.Npy.write(labels, new trm4j.io.RawTensor(trm4j.io.DType.U8, new int[]{3, 16}, java.nio.ByteBuffer.wrap(b)));
        trm4j.api.TinyCheckpoints.save(dir.resolve("run"), trm4j.api.TinyCheckpoints.arch(16, 6, 1, 0, 2),
                trm4j.api.TinyCheckpoints.arch(16, 6, 1, 0, 2), java.util.List.of(data.toString()), 11, null);
        String[] r = CliRun.run("eval", "--checkpoint", dir.resolve("run").toString(), "--batch", "3");
        assertEquals("2", r[0], r[2]);
        assertOneLine(r[2]);
        assertTrue(r[2].contains(data.resolve("test") + ": label 9 at example 1 position 4 is neither a token id in [0, 6)"), r[2]);
    }

    @Test
    void negativeStepLimitsAreRefused() {
        String[] r = CliRun.run("train", "--stop-after-steps", "-5", "data_paths=[" + dir + "]");
        assertEquals("2", r[0]);
        assertEquals("trm: --stop-after-steps must be >= 0 (0: train to the end), got -5", r[2].strip());
    }

    @Test
    void silentAcceptanceIsGone() throws IOException {
        Path maze = dir.resolve("maze.csv");
        Files.writeString(maze, "s,S  G,S  G,1\ns,S  G,S  G,1\n");   // no header: the first maze would be dropped
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MazeCsv.read(maze));
        assertTrue(e.getMessage().startsWith(maze + " line 1: 's,S  G,S  G,1' is not the header line"), e.getMessage());
        Files.writeString(maze, MazeCsv.HEADER + "\ns,S  G,S  G,lots\n");
        e = assertThrows(IllegalArgumentException.class, () -> MazeCsv.read(maze));
        assertTrue(e.getMessage().contains("line 2: rating 'lots' is not a number"), e.getMessage());

        Path arc = Files.createDirectory(dir.resolve("arc"));
        Files.writeString(arc.resolve("t.json"), "{\"train\": [], \"train\": [{\"input\": [[1]], \"output\": [[1]]}], \"test\": []}");
        IOException io = assertThrows(IOException.class, () -> ArcTaskReader.readDirectory(arc));
        assertTrue(io.getMessage().contains("t.json: not valid JSON") && io.getMessage().contains("Duplicate field 'train'"), io.getMessage());

        Path meta = dir.resolve("dataset.json");
        String json = "{\"pad_id\": 0, \"ignore_label_id\": 0, \"blank_identifier_id\": 0, \"vocab_size\": 6, \"seq_len\": 4, "
                + "\"num_puzzle_identifiers\": 1, \"total_groups\": 1, \"mean_puzzle_examples\": 1.0, \"total_puzzles\": 1, \"sets\": [\"%s\"]}";
        Files.writeString(meta, json.formatted("all"));
        assertEquals(java.util.List.of("all"), PuzzleDatasetMetadata.read(meta).sets());
        for (String evil : new String[]{"../other/all", "/etc/passwd", "..", "a/b"}) {
            Files.writeString(meta, json.formatted(evil));
            e = assertThrows(IllegalArgumentException.class, () -> PuzzleDatasetMetadata.read(meta));
            assertTrue(e.getMessage().contains("is not a plain name"), e.getMessage());
        }
    }
}
