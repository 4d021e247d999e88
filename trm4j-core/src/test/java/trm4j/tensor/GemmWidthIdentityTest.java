package trm4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The GEMM gives the same bits for every vector width (128, 256, 512 bits: 3-row tiles on the narrower ones, 4-row
 * tiles on AVX-512) and for the scalar backend: each width runs in a JVM of its own ({@code -Dtrm.vector.bits},
 * {@code -Dtrm.vector=false}, fixed at class initialisation) and prints a digest of the results of many products
 * (every transpose combination, edge shapes, several depth blocks, alpha and beta).
 */
final class GemmWidthIdentityTest {
    /** Entry point of the child JVMs: prints the digest of {@link #products()} under this JVM's backend. */
    public static void main(String[] args) throws Exception {
        System.out.println(Gemm.backend().name() + " " + digest());
    }

    static String digest() throws NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (float[] c : products()) {
            ByteBuffer buf = ByteBuffer.allocate(4 * c.length);
            for (float v : c) buf.putInt(Float.floatToRawIntBits(v));
            md.update(buf.array());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static List<float[]> products() {
        int[][] shapes = {{1, 1, 1}, {5, 7, 3}, {13, 40, 64}, {40, 256, 97}, {97, 64, 300}, {130, 33, 513}, {64, 512, 40},
                {1103, 130, 300}};   // the last: AVX-512's 6-row tiles on its full panels (≥ 1,100 rows, depth ≥ 128)
        List<float[]> out = new ArrayList<>();
        long seed = 3;
        for (int[] s : shapes)
            for (int t = 0; t < 4; t++) {
                float alpha = t == 2 ? -0.75f : 1f, beta = t == 1 ? 1f : t == 3 ? 0.5f : 0f;
                GemmRef p = new GemmRef(seed++, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], alpha, beta);
                out.add(p.run(Gemm.backend()));
            }
        return out;
    }

    @Test
    void everyVectorWidthAndTheScalarPathGiveTheSameBits() throws Exception {
        String expected = digest();
        for (String flag : new String[] {"-Dtrm.vector.bits=128", "-Dtrm.vector.bits=256", "-Dtrm.vector.bits=512",
                "-Dtrm.vector=false"}) {
            String line = child(flag);
            assertEquals(expected, line.substring(line.indexOf(' ') + 1), flag + " (" + line + ")");
        }
    }

    private static String child(String flag) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", flag, "-cp",
                System.getProperty("java.class.path"), GemmWidthIdentityTest.class.getName())
                .redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), flag + ": child JVM failed: " + err);
        return out.lines().reduce((a, b) -> b).orElse("");
    }
}
