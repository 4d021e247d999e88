package trm4j.data.arc;

/**
 * One augmentation of the official builder: colour map (black fixed) then dihedral transform, and its
 * textual form in puzzle names ({@code <task>|||t<tid>|||<10 digits>}).
 */
public record ArcAugmentation(int transId, byte[] colourMap) {
    public static final String SEPARATOR = "|||";

    public ArcAugmentation {
        if (transId < 0 || transId > 7) throw new IllegalArgumentException("dihedral id " + transId + " is outside 0..7");
        if (colourMap.length != 10) throw new IllegalArgumentException("colour map has " + colourMap.length + " entries, needs 10");
        boolean[] seen = new boolean[10];
        for (byte b : colourMap) {
            if (b < 0 || b > 9 || seen[b]) throw new IllegalArgumentException("colour map is not a permutation of 0..9");
            seen[b] = true;
        }
    }

    /** The official draw order: {@code randint(0, 8)}, then {@code permutation(1..9)}. */
    public static ArcAugmentation draw(LegacyRandomState rng) {
        int tid = rng.randint(8);
        int[] p = rng.permutation(9);
        byte[] map = new byte[10];
        for (int i = 0; i < 9; i++) map[i + 1] = (byte) (p[i] + 1);
        return new ArcAugmentation(tid, map);
    }

    public ArcGrid apply(ArcGrid g) { return g.mapColours(colourMap).dihedral(transId); }

    /** Inverse dihedral first, then inverse colour map. */
    public ArcGrid invert(ArcGrid g) {
        byte[] inv = new byte[10];
        for (int i = 0; i < 10; i++) inv[colourMap[i]] = (byte) i;
        return g.undoDihedral(transId).mapColours(inv);
    }

    /** The suffix appended to the task name. */
    public String suffix() {
        StringBuilder sb = new StringBuilder(SEPARATOR).append('t').append(transId).append(SEPARATOR);
        for (byte b : colourMap) sb.append((char) ('0' + b));
        return sb.toString();
    }

    public String name(String task) { return task + suffix(); }

    /** The task part of a puzzle name (everything before the first separator). */
    public static String baseName(String name) {
        int k = name.indexOf(SEPARATOR);
        return k < 0 ? name : name.substring(0, k);
    }

    /** The augmentation encoded in a puzzle name, or null for an un-augmented name. */
    public static ArcAugmentation parse(String name) {
        if (!name.contains(SEPARATOR)) return null;
        String[] parts = name.split("\\|\\|\\|", -1);
        if (parts.length < 3) throw new IllegalArgumentException("puzzle name '" + name + "' lacks the t<id>|||<map> suffix");
        String t = parts[parts.length - 2], m = parts[parts.length - 1];
        if (t.length() != 2 || t.charAt(0) != 't' || m.length() != 10) {
            throw new IllegalArgumentException("puzzle name '" + name + "' has a malformed augmentation suffix");
        }
        byte[] map = new byte[10];
        for (int i = 0; i < 10; i++) map[i] = (byte) (m.charAt(i) - '0');
        return new ArcAugmentation(t.charAt(1) - '0', map);
    }
}
