package trm4j.data.arc;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import trm4j.data.PyJson;
import trm4j.data.PuzzleDatasetWriter;
import trm4j.io.AtomicFiles;

/**
 * The official ARC builder ({@code dataset/build_arc_dataset.py}) with identical output, streamed to disk.
 *
 * <p>The official script keeps every augmented grid in memory; here only the accepted augmentation plans
 * (10 bytes each) are kept, and grids are regenerated while writing. The random stream is consumed in
 * the official order: per subset a task shuffle, per task the augmentation trials; then, walking the
 * train split, one {@code randint} for the un-translated pair and two per translated pair; then the test
 * split (one {@code randint} per puzzle, no translation).
 */
public final class ArcDatasetBuilder {
    /** How the official run names its parameters ({@code DataProcessConfig}). */
    public record Config(List<String> subsets, String testSetName, int numAug, long seed) {
        public Config {
            if (subsets.isEmpty()) throw new IllegalArgumentException("--subsets is empty; name at least one subset");
            if (numAug < 0) throw new IllegalArgumentException("--num-aug " + numAug + " is negative");
        }
    }

    /** Loads the tasks of one subset, in source order. */
    @FunctionalInterface
    public interface SubsetLoader {
        List<ArcTask> load(String subset) throws IOException;
    }

    /** What a build wrote. */
    public record Stats(int tasks, int tasksShort, SplitStats train, SplitStats test, int numPuzzleIdentifiers) {}

    public record SplitStats(int groups, long puzzles, long examples) {
        public double meanPuzzleExamples() { return (double) examples / puzzles; }
    }

    static final int RETRIES_FACTOR = 5;

    /** One task after augmentation: its pairs per split and the accepted plans (version 0 = original). */
    static final class Group {
        final ArcTask task;
        final List<ArcPair> trainPairs;
        final List<ArcPair> testPairs; // null unless the task belongs to the test subset
        final ArcAugmentation[] plans; // plans[0] == null (original)
        int[] ids;

        Group(ArcTask task, List<ArcPair> trainPairs, List<ArcPair> testPairs, ArcAugmentation[] plans) {
            this.task = task;
            this.trainPairs = trainPairs;
            this.testPairs = testPairs;
            this.plans = plans;
        }

        String name(int v) { return plans[v] == null ? task.id() : plans[v].name(task.id()); }
    }

    private final Config config;
    private final SubsetLoader loader;
    private final Appendable log;

    public ArcDatasetBuilder(Config config, SubsetLoader loader, Appendable log) {
        this.config = config;
        this.loader = loader;
        this.log = log;
    }

    public Stats build(Path out) throws IOException {
        LegacyRandomState rng = new LegacyRandomState(config.seed());
        LinkedHashMap<String, ArcTask> testPuzzles = new LinkedHashMap<>();
        List<Group> groups = augmentAll(rng, testPuzzles);
        int tasksShort = 0;
        for (Group g : groups) if (config.numAug() > 0 && g.plans.length < config.numAug() + 1) tasksShort++;
        log("Total puzzles: " + groups.size());

        try (PuzzleDatasetWriter writer = new PuzzleDatasetWriter(out, ArcEncoding.SEQ_LEN, ArcEncoding.VOCAB_SIZE,
                ArcEncoding.PAD, 0, 0)) {
            int numIds = assignIdentifiers(groups, writer.identifiersFile());
            log("Total puzzle IDs (including <blank>): " + numIds);

            SplitStats train = writeSplit(writer.split("train"), groups, false, rng);
            List<Group> testGroups = groups.stream().filter(g -> g.testPairs != null).toList();
            SplitStats test = testGroups.isEmpty() ? null : writeSplit(writer.split("test"), testGroups, true, rng);
            writer.addFile("test_puzzles.json", os -> writeTestPuzzles(os, testPuzzles));
            writer.finish(numIds);
            return new Stats(groups.size(), tasksShort, train, test, numIds);
        }
    }

    private void log(String s) throws IOException {
        if (log != null) log.append(s).append('\n');
    }

    /** Step 1–2: shuffles and augmentation, consuming the random stream in the official order. */
    List<Group> augmentAll(LegacyRandomState rng, Map<String, ArcTask> testPuzzles) throws IOException {
        List<Group> groups = new ArrayList<>();
        ArcPuzzleHash hasher = new ArcPuzzleHash();
        for (String subset : config.subsets()) {
            List<ArcTask> tasks = new ArrayList<>(loader.load(subset));
            rng.shuffle(tasks);
            boolean isTest = subset.equals(config.testSetName());
            for (ArcTask t : tasks) {
                if (isTest) testPuzzles.put(t.id(), t);
                List<ArcPair> all = t.allPairs();
                ArcAugmentation[] plans = augment(t, all, rng, hasher);
                groups.add(new Group(t, isTest ? t.pairs("train") : all, isTest ? t.pairs("test") : null, plans));
            }
        }
        return groups;
    }

    private ArcAugmentation[] augment(ArcTask t, List<ArcPair> all, LegacyRandomState rng, ArcPuzzleHash hasher)
            throws IOException {
        int target = config.numAug() + 1;
        List<ArcAugmentation> plans = new ArrayList<>();
        plans.add(null);
        if (config.numAug() == 0) return plans.toArray(new ArcAugmentation[0]);
        Set<HashKey> seen = new HashSet<>();
        seen.add(new HashKey(hasher.hash(all)));
        List<ArcPair> mapped = new ArrayList<>(all.size());
        for (int trial = 0; trial < RETRIES_FACTOR * config.numAug(); trial++) {
            ArcAugmentation a = ArcAugmentation.draw(rng);
            mapped.clear();
            for (ArcPair p : all) mapped.add(new ArcPair(a.apply(p.input()), a.apply(p.output())));
            if (seen.add(new HashKey(hasher.hash(mapped)))) plans.add(a);
            if (plans.size() >= target) break;
        }
        if (plans.size() < target) log("[Puzzle " + t.id() + "] augmentation not full, only " + plans.size());
        return plans.toArray(new ArcAugmentation[0]);
    }

    private record HashKey(byte[] h) {
        @Override public boolean equals(Object o) { return o instanceof HashKey k && Arrays.equals(k.h, h); }
        @Override public int hashCode() { return Arrays.hashCode(h); }
    }

    /**
     * Step 3: ids from 1 in train-walk order, streamed into identifiers.json. A name seen before (only
     * possible in an earlier group of the same task id) keeps its id, so only per-task-id maps are built.
     */
    int assignIdentifiers(List<Group> groups, Path file) throws IOException {
        Map<String, List<Group>> byTask = new HashMap<>();
        int[] next = {1};
        AtomicFiles.write(file, os -> {
            Writer w = new OutputStreamWriter(os, StandardCharsets.US_ASCII);
            w.write("[\"<blank>\"");
            for (Group g : groups) {
                g.ids = new int[g.plans.length];
                List<Group> earlier = byTask.computeIfAbsent(g.task.id(), k -> new ArrayList<>());
                Map<String, Integer> known = new HashMap<>();
                for (Group e : earlier) for (int v = 0; v < e.plans.length; v++) known.putIfAbsent(e.name(v), e.ids[v]);
                for (int v = 0; v < g.plans.length; v++) {
                    String name = g.name(v);
                    Integer id = known.get(name);
                    if (id == null) {
                        id = next[0]++;
                        w.write(", ");
                        PyJson.string(name, w);
                    }
                    g.ids[v] = id;
                }
                earlier.add(g);
            }
            w.write("]");
            w.flush();
        });
        return next[0];
    }

    /** Step 4–5: encodes one split (the writer adds its arrays and dataset.json). */
    private SplitStats writeSplit(PuzzleDatasetWriter.Split split, List<Group> groups, boolean test, LegacyRandomState rng)
            throws IOException {
        byte[] in = new byte[ArcEncoding.SEQ_LEN], label = new byte[ArcEncoding.SEQ_LEN];
        for (Group g : groups) {
            List<ArcPair> src = pairs(g, test);
            for (int v = 0; v < g.plans.length; v++) {
                ArcAugmentation a = g.plans[v];
                int noAug = rng.randint(src.size());
                for (int i = 0; i < src.size(); i++) {
                    ArcPair pr = src.get(i);
                    ArcGrid gin = a == null ? pr.input() : a.apply(pr.input());
                    ArcGrid gout = a == null ? pr.output() : a.apply(pr.output());
                    int padR = 0, padC = 0;
                    if (!test && i != noAug) {
                        padR = rng.randint(ArcEncoding.SIZE - Math.max(gin.rows(), gout.rows()) + 1);
                        padC = rng.randint(ArcEncoding.SIZE - Math.max(gin.cols(), gout.cols()) + 1);
                    }
                    ArcEncoding.encode(gin, padR, padC, in, 0);
                    ArcEncoding.encode(gout, padR, padC, label, 0);
                    split.addExample(in, label);
                }
                split.endPuzzle(g.ids[v]);
            }
            split.endGroup();
        }
        return new SplitStats(split.groups(), split.puzzles(), split.examples());
    }

    private static List<ArcPair> pairs(Group g, boolean test) { return test ? g.testPairs : g.trainPairs; }

    /** {@code test_puzzles.json}: the test subset's tasks by id, as the official builder dumps them. */
    private static void writeTestPuzzles(OutputStream os, Map<String, ArcTask> tasks) throws IOException {
        Writer w = new OutputStreamWriter(os, StandardCharsets.US_ASCII);
        w.write('{');
        boolean first = true;
        for (Map.Entry<String, ArcTask> e : tasks.entrySet()) {
            if (!first) w.write(", ");
            first = false;
            PyJson.string(e.getKey(), w);
            w.write(": ");
            ArcJson.write(e.getValue().raw(), w);
        }
        w.write('}');
        w.flush();
    }
}
