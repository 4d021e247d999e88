package trm4j.cli;


import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the {@code trm} command line in-process, capturing what it prints. */
public final class CliRun {
    private CliRun() {}

    /** {exit code, stdout, stderr} of {@code trm args…}. */
    public static String[] run(String... args) {
        var cl = Main.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int rc = Main.execute(cl, args);
        return new String[]{String.valueOf(rc), out.toString(), err.toString()};
    }
}
