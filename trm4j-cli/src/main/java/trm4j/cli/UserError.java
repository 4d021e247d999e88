package trm4j.cli;

/**
 * An error caused by the user's input (a file, an option, a value): the CLI prints its message as one line
 * and exits non-zero without a stack trace. The message should name the file, the position and the fix.
 */
public class UserError extends RuntimeException {
    public UserError(String message) { super(message); }
    public UserError(String message, Throwable cause) { super(message, cause); }
}
