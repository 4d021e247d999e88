package trm4j.data.maze;

/**
 * The official Maze-Hard alphabet {@code "# SGo"} and its tokens (dataset/build_maze_dataset.py): token = position in
 * the charset + 1, so 0 stays PAD (never written) and the vocabulary has 6 entries.
 */
public final class MazeTokens {
    private MazeTokens() {}

    public static final String CHARSET = "# SGo";
    public static final char WALL_CHAR = '#', OPEN_CHAR = ' ', START_CHAR = 'S', GOAL_CHAR = 'G', PATH_CHAR = 'o';

    public static final int PAD = 0, WALL = 1, OPEN = 2, START = 3, GOAL = 4, PATH = 5;
    public static final int VOCAB_SIZE = CHARSET.length() + 1;

    /** The token of a maze character, or -1 for a character outside {@link #CHARSET}. */
    public static int token(char c) {
        int i = CHARSET.indexOf(c);
        return i < 0 ? -1 : i + 1;
    }

    /** The character of a token 1..5; PAD and out-of-range tokens become '?' (only used for display). */
    public static char character(int token) {
        return token >= 1 && token <= CHARSET.length() ? CHARSET.charAt(token - 1) : '?';
    }

    /** Tokens of a row-major grid string (validated by the caller). */
    public static byte[] encode(String grid) {
        byte[] out = new byte[grid.length()];
        for (int i = 0; i < out.length; i++) out[i] = (byte) token(grid.charAt(i));
        return out;
    }

    /** Characters of a row-major token grid. */
    public static String decode(int[] tokens, int offset, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) sb.append(character(tokens[offset + i]));
        return sb.toString();
    }

    /**
     * The tokens of a side×side maze written as one line of its characters, row by row (spaces are cells, so only
     * the line end is trimmed); IllegalArgumentException with one line naming {@code where} for a bad character or
     * length, or not exactly one start and one goal.
     */
    public static int[] parse(String text, int side, String where) {
        String s = text.replaceAll("[\r\n]+$", "");
        for (int i = 0; i < s.length(); i++)
            if (token(s.charAt(i)) < 0)
                throw new IllegalArgumentException(where + ": character " + (i + 1) + " " + trm4j.io.FileError.describe(s.charAt(i)) + " is not one of '#' wall, ' ' open, "
                        + "'S' start, 'G' goal, 'o' path");
        if (s.length() != side * side)
            throw new IllegalArgumentException(where + ": " + s.length() + " cells; a " + side + "x" + side + " maze needs " + side * side
                    + " (one line, row by row; quote it so the spaces stay)");
        long starts = s.chars().filter(ch -> ch == START_CHAR).count(), goals = s.chars().filter(ch -> ch == GOAL_CHAR).count();
        if (starts != 1 || goals != 1)
            throw new IllegalArgumentException(where + ": " + starts + " start 'S' and " + goals + " goal 'G' cells; a maze needs exactly one of each");
        int[] t = new int[s.length()];
        for (int i = 0; i < t.length; i++) t[i] = token(s.charAt(i));
        return t;
    }
}
