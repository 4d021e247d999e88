package trm4j.dist;

import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Starts {@code mpirun --oversubscribe --allow-run-as-root -np N java … trm4j.cli.Main ARGS} with this test JVM's
 * class path (never the launcher script, which may rebuild the jar). Without mpirun the MPI tests skip with a
 * printed reason, except under CI ({@code CI} set), where that is a failure.
 */
public final class MpiRun {
    private MpiRun() {}

    public static Path mpirun() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "mpirun");
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    /** Skips (or, under CI, fails) the calling test when mpirun is not installed. */
    public static void requireMpirun() {
        if (mpirun() != null) return;
        String reason = "mpirun not found on PATH: the MPI data-parallel tests need Open MPI (apt-get install openmpi-bin libopenmpi-dev)";
        if (System.getenv("CI") != null) fail(reason + " (CI must install it; .ci/run does)");
        System.out.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
    }

    static List<String> command(int ranks, List<String> trmArgs) { return command(ranks, "trm4j.cli.Main", trmArgs); }

    static List<String> command(int ranks, String mainClass, List<String> args) {
        List<String> c = new ArrayList<>(List.of(mpirun().toString(), "--oversubscribe", "--allow-run-as-root",
                "--mca", "btl_vader_single_copy_mechanism", "none", "-np", String.valueOf(ranks),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-XX:+UseSerialGC",
                "-Dtrm.threads=1", "-cp", System.getProperty("java.class.path"), mainClass));
        c.addAll(args);
        return c;
    }

    /** A started job: its mpirun process and everything it printed so far. */
    public record Job(Process process, Thread reader, StringBuffer out) {
        /** Waits for the end (at most {@code seconds}); returns {exit code, output}. */
        public String[] await(int seconds) throws InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                fail("mpirun did not finish within " + seconds + " s:\n" + out);
            }
            reader.join(10_000);
            return new String[]{String.valueOf(process.exitValue()), out.toString()};
        }
    }

    /** Starts the job; every output line (stdout and stderr) goes to {@code lines} and is kept in the job's output. */
    public static Job start(int ranks, List<String> trmArgs, Consumer<String> lines) throws IOException {
        Process p = new ProcessBuilder(command(ranks, trmArgs)).redirectErrorStream(true).start();
        StringBuffer out = new StringBuffer();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) { out.append(l).append('\n'); lines.accept(l); }
            } catch (IOException ignored) {
                // the job ended
            }
        });
        t.setDaemon(true);
        t.start();
        return new Job(p, t, out);
    }

    /** Runs {@code trm ARGS} on {@code ranks} ranks to its end (at most {@code seconds}); returns {exit code, output}. */
    public static String[] run(int ranks, List<String> trmArgs, int seconds) throws Exception {
        return start(ranks, trmArgs, l -> {}).await(seconds);
    }
}
