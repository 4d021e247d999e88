package trm4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trm4j.train.PlotsTest;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;
import static trm4j.train.PlotsTest.writeRun;

/** {@code trm plot RUN_DIR} on {@link PlotsTest}'s synthetic run. */
class PlotCommandTest {
    @Test
    void cliPlotsARunAndReportsAMissingFile(@TempDir Path run) throws Exception {
        writeRun(run);
        Path out = run.resolve("charts");
        assertEquals(0, Main.commandLine().execute("plot", run.toString(), "-o", out.toString()));
        assertTrue(Files.size(out.resolve("loss.png")) > 5000);
        var err = new java.io.StringWriter();
        var cl = Main.commandLine();
        cl.setErr(new java.io.PrintWriter(err));
        assertEquals(2, cl.execute("plot", run.resolve("nothing").toString()));
        assertTrue(err.toString().contains("no metrics file"), err.toString());
    }
}
