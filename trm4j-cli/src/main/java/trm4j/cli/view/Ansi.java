package trm4j.cli.view;

/** The few ANSI escapes the views use; with colour off every method returns its text unchanged. */
public record Ansi(boolean on) {
    public static final String RESET = "\u001b[0m";

    public String bold(String s) { return on ? "\u001b[1m" + s + RESET : s; }
    public String dim(String s) { return on ? "\u001b[2m" + s + RESET : s; }
    /** Foreground colour from the 256-colour table. */
    public String fg(int c, String s) { return on ? "\u001b[38;5;" + c + "m" + s + RESET : s; }
    /** Background colour from the 256-colour table. */
    public String bg(int c, String s) { return on ? "\u001b[48;5;" + c + "m" + s + RESET : s; }
    /** A changed cell: black on yellow. */
    public String changed(String s) { return on ? "\u001b[30;48;5;220m" + s + RESET : s; }
}
