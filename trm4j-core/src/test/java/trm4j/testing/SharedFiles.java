package trm4j.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates {@code shared/} beside the checkout (the parity fixtures, torch checkpoints, ARC files), which is never
 * committed. Tests that need it call {@link #require}: absent, the test is skipped with a message saying so
 * ({@code .ci/run} fails the build if parity tests were skipped while the folder exists).
 * Override the location with {@code -Dtrm.shared=DIR} or the environment variable {@code TRM_SHARED}.
 */
public final class SharedFiles {
    private SharedFiles() {}

    public static Path root() {
        String p = System.getProperty("trm.shared", System.getenv("TRM_SHARED"));
        return p != null ? Path.of(p) : repositoryRoot().resolveSibling("shared");
    }

    /**
     * The checkout's root: the nearest folder at or above the working directory that holds {@code .mvn/} (Surefire runs
     * each module's tests in the module's folder, an IDE often in the root); the working directory when none does.
     */
    public static Path repositoryRoot() {
        Path cwd = Path.of("").toAbsolutePath().normalize();
        for (Path d = cwd; d != null; d = d.getParent())
            if (Files.isDirectory(d.resolve(".mvn"))) return d;
        return cwd;
    }

    /** The path {@code shared/<relative>}, or a skipped test when it does not exist. */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            String why = "skipped: " + p + " is absent (the shared fixtures are not committed; put shared/ beside the checkout)";
            System.err.println("[trm4j] " + why);   // Surefire's console summary does not show assumption messages
            Assumptions.abort(why);
        }
        return p;
    }
}
