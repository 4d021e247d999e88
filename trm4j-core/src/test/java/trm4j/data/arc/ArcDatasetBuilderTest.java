package trm4j.data.arc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds two tiny subsets and compares every output file with the SHA-256 of what the official
 * {@code dataset/build_arc_dataset.py} (numpy 2.4.6, pydantic 2) wrote for the same JSON files and
 * arguments ({@code --subsets s1 ev --test-set-name ev --num-aug 3 --seed 42}, and {@code s1 ev s1}).
 * Task t2 is all black, so it has a single version (augmentation "not full"); s1 lists "test" before
 * "train" in t1, as the ARC-1 files do.
 */
class ArcDatasetBuilderTest {
    @TempDir Path dir;

    static final String S1 = """
            {"t1": {"test": [{"input": [[1, 2], [3, 4]]}], "train": [{"input": [[1, 0, 0], [0, 2, 0]], "output": [[2, 0], [0, 1], [0, 0]]}, {"input": [[5]], "output": [[6, 7]]}]}, "t2": {"train": [{"input": [[0]], "output": [[0]]}], "test": [{"input": [[0]]}]}, "t3": {"train": [{"input": [[9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]], "output": [[1], [2]]}], "test": [{"input": [[3, 3], [3, 0]]}]}}
            """;
    static final String S1_SOL = """
            {"t1": [[[4, 3], [2, 1]]], "t2": [[[0]]], "t3": [[[0, 3], [3, 3]]]}
            """;
    static final String EV = """
            {"e1": {"train": [{"input": [[1, 1], [2, 2]], "output": [[2, 2], [1, 1]]}, {"input": [[3]], "output": [[4]]}], "test": [{"input": [[5, 6]]}, {"input": [[7], [8]]}]}, "e2": {"train": [{"input": [[0, 1]], "output": [[1, 0]]}], "test": [{"input": [[2, 0, 2]]}]}}
            """;
    static final String EV_SOL = """
            {"e1": [[[6, 5]], [[8], [7]]], "e2": [[[0, 2, 2]]]}
            """;

    /** Writes the tiny subsets in the Kaggle layout and returns the prefix. */
    static String writeSmall(Path dir) throws IOException {
        Files.writeString(dir.resolve("small_s1_challenges.json"), S1);
        Files.writeString(dir.resolve("small_s1_solutions.json"), S1_SOL);
        Files.writeString(dir.resolve("small_ev_challenges.json"), EV);
        Files.writeString(dir.resolve("small_ev_solutions.json"), EV_SOL);
        return dir.resolve("small").toString();
    }

    static Map<String, String> sha256Tree(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (var s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                byte[] d = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
                out.put(root.relativize(p).toString(), HexFormat.of().formatHex(d));
            }
        }
        return out;
    }

    private ArcDatasetBuilder.Stats build(List<String> subsets, Path out) throws IOException {
        String prefix = writeSmall(dir);
        return new ArcDatasetBuilder(new ArcDatasetBuilder.Config(subsets, "ev", 3, 42),
                s -> ArcTaskReader.readKaggle(prefix, s, null), null).build(out);
    }

    @Test
    void identicalToOfficialBuilder() throws Exception {
        ArcDatasetBuilder.Stats st = build(List.of("s1", "ev"), dir.resolve("out"));
        assertEquals(5, st.tasks());
        assertEquals(1, st.tasksShort());
        assertEquals(18, st.numPuzzleIdentifiers());
        assertEquals(new ArcDatasetBuilder.SplitStats(5, 17, 34), st.train());
        Map<String, String> want = new TreeMap<>(Map.ofEntries(
                Map.entry("identifiers.json", "6d378cf70746c17faffca976e400104c1623a991350db2123eaa423a8493e980"),
                Map.entry("test_puzzles.json", "47cd1d4367217cb7eb4d88469ea99fc3904a56e330e021dcac33ac78ba3aba78"),
                Map.entry("test/all__group_indices.npy", "9461f3c67abb421033150f2fb3761c80f0aa17e5a0d021b99b531200bc9b99fd"),
                Map.entry("test/all__inputs.npy", "47630ab95f1dc9d22fe522dd46a8e2a4a3742fe6a3c8a5a2a9bce9bc994b07c8"),
                Map.entry("test/all__labels.npy", "a46f828148f88955c196fc353d4ebaadce1ebf35333f4d76f5d640f1cc9e07d4"),
                Map.entry("test/all__puzzle_identifiers.npy", "2598436e7fe0b29f43c5db3e2c1494008a57bf04e78141bb506a1dc08127f7b3"),
                Map.entry("test/all__puzzle_indices.npy", "09e6b9b99db78b1973fcaec4b3120f196c289daed4413a67d295dedc10570a97"),
                Map.entry("test/dataset.json", "79a37fe8b1c6c59a8fd93c5cebff0619a85282af3f47ad167470f974138ce04f"),
                Map.entry("train/all__group_indices.npy", "c79a8a9776af69e7c5f72b23d91983d831ec538a87696552c9aac6d6ccd729ea"),
                Map.entry("train/all__inputs.npy", "f68e4a5e47b7458e33b043fcff34bedbd94e0cff42d4097739fefb46231bea45"),
                Map.entry("train/all__labels.npy", "f6799463202af015ba2894a477aca97e185fbe1f2925d1d2af9e6395546efcdb"),
                Map.entry("train/all__puzzle_identifiers.npy", "29c29bc30f7bd549e21ce333b5d51b88599d2bbcdf6e427856e61cd3bf67ec58"),
                Map.entry("train/all__puzzle_indices.npy", "848ce9945f9453b7532295740809f58dabd23d6e024451ed3f36d6faec72c14c"),
                Map.entry("train/dataset.json", "7c72dfed10b6cdefa271d5af794254a7f0f3aacbd01ad0462e653cac6f3f5fb9")));
        assertEquals(want, sha256Tree(dir.resolve("out")));
        assertTrue(Files.readString(dir.resolve("out/identifiers.json")).startsWith("[\"<blank>\", \"t1\", \"t1|||t4|||0614732958\""));
    }

    @Test
    void repeatedTaskIdsReuseIdentifiersLikeOfficial() throws Exception {
        ArcDatasetBuilder.Stats st = build(List.of("s1", "ev", "s1"), dir.resolve("out"));
        assertEquals(24, st.numPuzzleIdentifiers());
        Map<String, String> got = sha256Tree(dir.resolve("out"));
        assertEquals("48d3d43b504d305145359919da3450b649e1fb68e9f217a24e6e4694b6b48615", got.get("identifiers.json"));
        assertEquals("1036e57ca786e3c550af34feedca3531b32343ac31a2c1c756af417fc1d3e442", got.get("train/all__puzzle_identifiers.npy"));
        assertEquals("bfeba9685cde181615c88d9374e9f8ee05213b7a23928c7079eefe38bfff5d79", got.get("train/all__inputs.npy"));
        assertEquals("52c86d27aa723563fa14b8205ad51347d270c6a98b6af99ea5e7eaa8a9061258", got.get("train/dataset.json"));
        assertEquals("c6e7228765a23e44944d66a2fb086b0800ecaa827a5874a38f8f5d9cd628db79", got.get("test/dataset.json"));
    }
}
