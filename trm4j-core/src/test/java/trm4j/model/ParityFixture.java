package trm4j.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import trm4j.io.RawTensor;
import trm4j.io.Safetensors;
import trm4j.testing.SharedFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** One official parity configuration from shared/parity: its sidecar, model weights and ACT recording. */
final class ParityFixture {
    final String name;
    final Map<String, Object> sidecar;
    final TrmConfig config;
    final Map<String, RawTensor> weights, act;
    final Path dir;

    @SuppressWarnings("unchecked")
    ParityFixture(String name) throws IOException {
        this.name = name;
        dir = SharedFiles.require("parity");
        sidecar = new ObjectMapper().readValue(dir.resolve(name + ".json").toFile(), Map.class);
        config = TrmConfig.fromMap(sidecar, name + ".json");
        weights = Safetensors.read(dir.resolve(name + ".model.safetensors"));
        act = Safetensors.read(dir.resolve(name + ".act.safetensors"));
    }

    TrmModel model() {
        TrmModel m = new TrmModel(config);
        TrmWeights.load(m, weights, name);
        return m;
    }

    int batch() { return ((Number) sidecar.get("global_batch_size")).intValue(); }

    /** Official attention configs are held to 2e-5, mlp_t configs to 2e-4 (parity README). */
    double zTolerance() { return config.mlp_t() ? 2e-4 : 2e-5; }

    boolean has(String key) { return act.containsKey(key); }
    float[] f(String key) { return get(key).toFloats(); }
    int[] i(String key) { return get(key).toInts(); }
    double d(String key) { return get(key).toDoubles()[0]; }
    long l(String key) { return get(key).toLongs()[0]; }

    RawTensor get(String key) {
        RawTensor t = act.get(key);
        assertNotNull(t, name + ": fixture has no tensor " + key);
        return t;
    }

    /** Largest absolute difference; fails when above tol. Returns the deviation for reporting. */
    static double assertClose(String what, float[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length, what + ": length");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs((double) expected[i] - actual[i]);
            if (!(d <= worst)) { worst = d; at = i; }
        }
        if (!(worst <= tol))
            fail(what + ": max |Δ| = " + worst + " at " + at + " (expected " + expected[at] + ", got " + actual[at] + "), tolerance " + tol);
        return worst;
    }

    /** Gradient check: max |Δ| relative to the largest |expected| entry of the tensor. */
    static double assertGradClose(String what, float[] expected, float[] actual, double relTol) {
        double max = 0;
        for (float v : expected) max = Math.max(max, Math.abs(v));
        double worst = 0;
        for (int i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs((double) expected[i] - actual[i]));
        double rel = max == 0 ? worst : worst / max;
        assertTrue(rel <= relTol, what + ": max |Δ| / max|g| = " + rel + " (max |Δ| " + worst + ", max |g| " + max + "), tolerance " + relTol);
        return rel;
    }

    static void assertRelClose(String what, double expected, double actual, double relTol) {
        double d = Math.abs(expected - actual), scale = Math.max(Math.abs(expected), 1e-12);
        assertTrue(d / scale <= relTol || d <= 1e-12,
                what + ": expected " + expected + ", got " + actual + " (rel " + d / scale + ", tolerance " + relTol + ")");
    }
}
