package trm4j.api;

import example.SolveSudoku;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trm4j.testing.SharedFiles;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * README's "Use as a library" program ({@code src/test/java/example/SolveSudoku.java}, compiled against trm4j-core
 * alone) solves a puzzle with a tiny 4×4 Sudoku checkpoint, and README shows exactly that program.
 */
class LibraryExampleTest {
    @TempDir Path dir;

    @Test
    void readmeProgramLoadsACheckpointAndSolves() throws Exception {
        var arch = TinyCheckpoints.arch(16, 6, 1, 0, 3);
        TinyCheckpoints.save(dir.resolve("run"), arch, arch, List.of(), 7, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            SolveSudoku.main(new String[]{dir.resolve("run").toString(), "3..1..3.2......2"});
        } finally {
            System.setOut(stdout);
        }
        String line = out.toString(StandardCharsets.UTF_8);
        assertTrue(line.matches("[.?1-4]{16} after [1-3] steps \\(halting confidence [01][.,]\\d\\d\\)\\R"), line);
    }

    @Test
    void readmeShowsTheProgram() throws Exception {
        Path root = SharedFiles.repositoryRoot();
        String program = Files.readString(root.resolve("trm4j-core/src/test/java/example/SolveSudoku.java"));
        assertTrue(Files.readString(root.resolve("README.md")).contains("```java\n" + program + "```\n"), "README.md's library program differs from SolveSudoku.java");
    }
}
