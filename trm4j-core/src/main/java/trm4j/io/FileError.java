package trm4j.io;

/**
 * The one-line error a loader raises for a bad input file: {@code FILE: what}, where {@code what} may quote the
 * file's own content, so control characters (a newline in a header, a NUL in a name) become '?' and the text is
 * cut at {@value #MAX_WHAT} characters.
 */
public final class FileError {
    private FileError() {}

    static final int MAX_WHAT = 500;

    public static IllegalArgumentException of(Object file, String what) {
        return new IllegalArgumentException(file + ": " + oneLine(what));
    }

    /** {@code s} with control characters replaced by '?' and cut to {@value #MAX_WHAT} characters. */
    public static String oneLine(String s) {
        if (s == null) return "";
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() > MAX_WHAT ? t.substring(0, MAX_WHAT) + "…" : t;
    }

    /** A character for a message: 'c' when printable, else its code point (U+000A), so that a message stays one line. */
    public static String describe(char c) {
        return c >= 32 && c != 127 && !Character.isISOControl(c) ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
