package trm4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole model (forward through every H cycle, backward, every gradient; attention with RoPE and mlp_t) gives
 * the same bits for 128-, 256- and 512-bit vectors and on the scalar path: each runs in a JVM of its own
 * ({@code -Dtrm.vector.bits}, {@code -Dtrm.vector=false}, fixed at class initialisation) and prints a digest of
 * the outputs of {@link ThreadCountIdentityTest#run} at hidden 32 (sums of 32, 40 and 256 elements: vector
 * bodies and scalar tails), with 2 threads, and of three AdamATan2 steps.
 */
final class WidthIdentityTest {
    /** Entry point of the child JVMs. */
    public static void main(String[] args) throws Exception {
        System.out.println(digest());
    }

    static String digest() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (boolean mlpT : new boolean[] {false, true})
            for (float[] x : ThreadCountIdentityTest.run(mlpT, 2, 32)) {
                ByteBuffer buf = ByteBuffer.allocate(4 * x.length);
                for (float v : x) buf.putInt(Float.floatToRawIntBits(v));
                md.update(buf.array());
            }
        for (float[] x : optimizerSteps()) {
            ByteBuffer buf = ByteBuffer.allocate(4 * x.length);
            for (float v : x) buf.putInt(Float.floatToRawIntBits(v));
            md.update(buf.array());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Weights and moments after three AdamATan2 steps on 1,003 elements (zero, NaN and infinite moments among them). */
    static List<float[]> optimizerSteps() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        trm4j.nn.Param p = new trm4j.nn.Param("w", true, 1003);
        for (int i = 0; i < p.size(); i++) p.value[i] = (float) r.nextGaussian();
        trm4j.train.AdamAtan2 adam = new trm4j.train.AdamAtan2(0.9, 0.95, 0.1);
        for (int step = 0; step < 3; step++) {
            for (int i = 0; i < p.size(); i++) p.grad[i] = i % 17 == 0 ? 0f : (float) (r.nextGaussian() * Math.pow(10, -r.nextInt(9)));
            if (step == 1) { p.grad[5] = Float.NaN; p.grad[6] = Float.POSITIVE_INFINITY; }
            adam.step(List.of(p), 1e-3);
        }
        trm4j.train.AdamAtan2.State s = adam.state("w");
        return List.of(p.value, s.expAvg(), s.expAvgSq());
    }

    @Test
    void everyVectorWidthAndTheScalarPathGiveTheSameBits() throws Exception {
        String expected = digest();
        for (String flag : new String[] {"-Dtrm.vector.bits=128", "-Dtrm.vector.bits=256", "-Dtrm.vector.bits=512",
                "-Dtrm.vector=false"})
            assertEquals(expected, child(flag), flag);
    }

    private static String child(String flag) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", flag, "-cp",
                System.getProperty("java.class.path"), WidthIdentityTest.class.getName()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), flag + ": child JVM failed: " + err);
        return out.lines().reduce((a, b) -> b).orElse("");
    }
}
