package trm4j.cli.view;

import java.util.ArrayList;
import java.util.List;

/**
 * Any other task: token ids. Text: seq_len integers separated by spaces or commas. Drawn as a square grid when
 * seq_len is a square, else rows of 30; changed tokens are marked '*'.
 */
public final class TokenView implements PuzzleView {
    private final int seqLen, vocab, width;
    private final Ansi ansi;

    public TokenView(int seqLen, int vocab, Ansi ansi) {
        this.seqLen = seqLen;
        this.vocab = vocab;
        this.ansi = ansi;
        int side = (int) Math.round(Math.sqrt(seqLen));
        this.width = side * side == seqLen ? side : Math.min(30, seqLen);
    }

    @Override public String name() { return "tokens (seq_len " + seqLen + ", vocab " + vocab + ")"; }

    @Override
    public int[] parse(String text, String where) {
        String s = text.strip();
        String[] parts = s.isEmpty() ? new String[0] : s.split("[\\s,]+");
        if (parts.length != seqLen)
            throw new IllegalArgumentException(where + ": " + parts.length + " tokens; this model needs seq_len = " + seqLen
                    + " token ids separated by spaces or commas");
        int[] t = new int[seqLen];
        for (int i = 0; i < seqLen; i++) {
            try {
                t[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + ": token " + (i + 1) + " '" + (parts[i].length() > 20 ? parts[i].substring(0, 20) + "…" : parts[i]).replaceAll("\\p{Cntrl}", "?") + "' is not an integer");
            }
            if (t[i] < 0 || t[i] >= vocab)
                throw new IllegalArgumentException(where + ": token " + (i + 1) + " = " + t[i] + " is outside [0, " + vocab + ") (vocab_size)");
        }
        return t;
    }

    @Override
    public String format(int[] tokens) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < tokens.length; i++) sb.append(i > 0 ? " " : "").append(tokens[i]);
        return sb.toString();
    }

    @Override
    public List<String> render(int[] input, int[] tokens, int[] previous) {
        int w = String.valueOf(vocab - 1).length();
        List<String> out = new ArrayList<>();
        for (int from = 0; from < tokens.length; from += width) {
            StringBuilder sb = new StringBuilder();
            for (int i = from; i < Math.min(tokens.length, from + width); i++) {
                String v = String.format("%" + w + "d", tokens[i]);
                boolean changed = previous != null && previous[i] != tokens[i];
                sb.append(' ').append(changed ? ansi.changed(v) + "*" : v + " ");
            }
            out.add(sb.toString().stripTrailing());
        }
        return out;
    }

    @Override public Verdict judge(int[] input, int[] prediction) { return new Verdict(null, "no checker for this task"); }
}
