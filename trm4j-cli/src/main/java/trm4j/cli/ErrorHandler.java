package trm4j.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns every {@link Throwable} into one line on stderr (file, position, fix): user errors and I/O errors as
 * their message, memory and stack exhaustion as what to change, anything else as an internal error naming the
 * exception and where it happened. {@code -Dtrm.debug=true} adds the stack trace. The line is capped at
 * {@link #MAX_LINE} characters so that a hostile input cannot make it huge.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    static final int MAX_LINE = 600;
    private static final String DEBUG_HINT = " (run with TRM_JAVA_OPTS=-Dtrm.debug=true for the stack trace)";

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parse) {
        return report(ex, cmd, parse == null ? java.util.List.of() : parse.originalArgs());
    }

    /** Prints {@code t} as one line (and the trace with {@code -Dtrm.debug=true}); returns the exit code. */
    static int report(Throwable t, CommandLine cmd) { return report(t, cmd, java.util.List.of()); }

    /**
     * As {@link #report(Throwable, CommandLine)}; an internal error also names the command line {@code args} it
     * ran, so that the file that caused it is in the line.
     */
    static int report(Throwable t, CommandLine cmd, java.util.List<String> args) {
        if (Boolean.getBoolean("trm.debug")) t.printStackTrace(cmd.getErr());
        Throwable c = unwrap(t);
        String line = message(c);
        if (!isUserFault(c) && !args.isEmpty()) {
            String ran = String.join(" ", args);
            line = line.replaceFirst("^internal error: ", "internal error in `trm " + (ran.length() > 160 ? ran.substring(0, 160) + "…" : ran) + "`: ");
        }
        cmd.getErr().println(cap("trm: " + line));
        cmd.getErr().flush();
        return isUserFault(c) ? 2 : 1;
    }

    static Throwable unwrap(Throwable t) {
        for (int i = 0; i < 16 && t.getCause() != null && t.getCause() != t; i++) {
            if (t instanceof UncheckedIOException || t instanceof ExecutionException || t instanceof CompletionException
                    || t instanceof InvocationTargetException || t instanceof CommandLine.ExecutionException) t = t.getCause();
            else break;
        }
        return t;
    }

    private static boolean isUserFault(Throwable t) {
        return t instanceof UserError || t instanceof IllegalArgumentException || t instanceof IOException
                || t instanceof OutOfMemoryError || t instanceof StackOverflowError;
    }

    /** The one-line message for {@code t} (not yet capped). */
    static String message(Throwable t) {
        if (t instanceof NoSuchFileException e) return e.getFile() + ": no such file or directory";
        if (t instanceof AccessDeniedException e) return e.getFile() + ": permission denied";
        if (t instanceof FileAlreadyExistsException e) return e.getFile() + ": already exists";
        if (t instanceof FileSystemException e)
            return e.getFile() + ": " + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName());
        if (t instanceof UserError || t instanceof IllegalArgumentException || t instanceof IOException)
            return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        if (t instanceof OutOfMemoryError)
            return "out of memory (" + t.getMessage() + ", Java heap limit " + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MiB): make the model, batch or data set smaller, or give Java more memory with TRM_JAVA_OPTS=-Xmx<size>";
        if (t instanceof StackOverflowError)
            return "input nested too deeply (stack overflow" + where(t) + "): flatten the file or value that nests this deep";
        return "internal error: " + t.getClass().getName() + (t.getMessage() != null ? ": " + t.getMessage() : "")
                + where(t) + DEBUG_HINT;
    }

    private static String where(Throwable t) {
        StackTraceElement[] st = t.getStackTrace();
        return st.length == 0 ? "" : " at " + st[0].getClassName().replaceFirst("^.*\\.", "") + "." + st[0].getMethodName()
                + (st[0].getLineNumber() > 0 ? ":" + st[0].getLineNumber() : "");
    }

    /** One line: control characters become spaces, and more than {@link #MAX_LINE} characters are cut. */
    static String cap(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_LINE + 40));
        for (int i = 0; i < s.length() && b.length() < MAX_LINE; i++) {
            char ch = s.charAt(i);
            b.append(Character.isISOControl(ch) ? ' ' : ch);
        }
        if (s.length() > MAX_LINE) b.append("… (").append(s.length() - MAX_LINE).append(" more characters)");
        return b.toString();
    }
}
