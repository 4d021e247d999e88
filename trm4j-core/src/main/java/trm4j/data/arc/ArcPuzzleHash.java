package trm4j.data.arc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The official puzzle hash used to drop duplicate augmentations: SHA-256 of the sorted per-pair strings
 * {@code sha256hex(input) + "|" + sha256hex(output)} joined by "|". Order-free over pairs and splits.
 */
public final class ArcPuzzleHash {
    private final MessageDigest sha;
    private final HexFormat hex = HexFormat.of();

    public ArcPuzzleHash() {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    public String gridHex(ArcGrid g) {
        sha.update((byte) g.rows());
        sha.update((byte) g.cols());
        sha.update(g.cells());
        return hex.formatHex(sha.digest());
    }

    /** Hash of a task given as all its pairs (any order). Returns the 32 raw digest bytes. */
    public byte[] hash(List<ArcPair> pairs) {
        String[] parts = new String[pairs.size()];
        for (int i = 0; i < parts.length; i++) {
            ArcPair p = pairs.get(i);
            parts[i] = gridHex(p.input()) + "|" + gridHex(p.output());
        }
        // Hex strings are ASCII, so String order equals Python's str order.
        Arrays.sort(parts);
        return sha.digest(String.join("|", parts).getBytes(StandardCharsets.US_ASCII));
    }

    public String hashHex(List<ArcPair> pairs) { return hex.formatHex(hash(pairs)); }
}
