package trm4j.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Turns exceptions into one line on stderr: user errors and I/O errors never show a stack trace. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parse) {
        Throwable t = ex;
        if (t instanceof UncheckedIOException u) t = u.getCause();
        if (t instanceof UserError || t instanceof IllegalArgumentException || t instanceof IOException) {
            cmd.getErr().println("trm: " + t.getMessage());
            return 2;
        }
        if (Boolean.getBoolean("trm.debug")) return rethrow(ex);
        cmd.getErr().println("trm: internal error: " + t + " (run with TRM_JAVA_OPTS=-Dtrm.debug=true for details)");
        return 1;
    }

    private static int rethrow(Exception ex) {
        ex.printStackTrace();
        return 1;
    }
}
