package trm4j.data;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PyJsonTest {
    /** (float.hex(), repr()) pairs printed by CPython 3. */
    private static final String[][] REPRS = {
            {"0x1.3333333333334p-2", "0.30000000000000004"},
            {"0x1.5555555555555p-2", "0.3333333333333333"},
            {"0x1.edd2f1a9fbe77p+6", "123.456"},
            {"0x1.c6bf526340000p+49", "1000000000000000.0"},
            {"0x1.1c37937e08000p+53", "1e+16"},
            {"0x1.a36e2eb1c432dp-16", "2.5e-05"},
            {"0x1.a36e2eb1c432dp-14", "0.0001"},
            {"0x1.f75104d551d69p-14", "0.00012"},
            {"0x1.4f8b588e368f1p-17", "1e-05"},
            {"-0x0.0p+0", "-0.0"},
            {"0x1.1549351fc7137p+2", "4.332593232186176"},
            {"0x1.0954fa1a9a0d5p+2", "4.1458115825446"},
            {"0x0.0000000000001p-1022", "5e-324"},
            {"0x1.fffffffffffffp+1023", "1.7976931348623157e+308"},
            {"0x0.0000000000004p-1022", "2e-323"},
            {"0x0.0000000000003p-1022", "1.5e-323"},
            {"0x1.52d02c7e14af6p+76", "1e+23"},
            {"0x1.9000000000000p+6", "100.0"},
            {"0x1.18b54f22aeb00p+50", "1234567890123456.0"},
            {"0x1.5ee2a2eb5a5c4p+53", "1.2345678901234568e+16"},
            {"0x1.0000000000000p-1", "0.5"},
    };

    @Test
    void floatReprMatchesPython() {
        for (String[] r : REPRS) assertEquals(r[1], PyJson.floatRepr(Double.parseDouble(r[0])), r[0]);
        assertEquals("NaN", PyJson.floatRepr(Double.NaN));
        assertEquals("-Infinity", PyJson.floatRepr(Double.NEGATIVE_INFINITY));
    }

    @Test
    void dumpsMatchesPythonJsonDump() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 1);
        m.put("b", null);
        m.put("c", List.of(true, false, 2.0, 1e-5));
        m.put("d", new int[]{3, -4});
        m.put("e\u00e9", "q\"\\\u007f\u0001\n\t/\u20ac");
        m.put("f", List.of());
        m.put("g", Map.of());
        // json.dumps({"a": 1, "b": None, "c": [True, False, 2.0, 1e-5], "d": [3, -4],
        //             "eé": 'q"\\\x7f\x01\n\t/€', "f": [], "g": {}})
        assertEquals("{\"a\": 1, \"b\": null, \"c\": [true, false, 2.0, 1e-05], \"d\": [3, -4], "
                        + "\"e\\u00e9\": \"q\\\"\\\\\\u007f\\u0001\\n\\t/\\u20ac\", \"f\": [], \"g\": {}}",
                PyJson.dumps(m));
        assertEquals("[\"<blank>\", \"007bbfc7\"]", PyJson.dumps(Arrays.asList("<blank>", "007bbfc7")));
    }
}
