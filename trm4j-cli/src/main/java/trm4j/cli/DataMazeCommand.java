package trm4j.cli;

import picocli.CommandLine.Command;
import trm4j.model.MemoryEstimate;
import picocli.CommandLine.Option;
import trm4j.data.maze.MazeCsv;
import trm4j.data.maze.MazeDatasets;
import trm4j.data.maze.MazeGenerator;
import trm4j.data.maze.MazeRow;
import trm4j.data.maze.PathLengthStats;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code trm data maze}: build the official Maze-Hard layout from its CSV files ({@code --csv-dir}), or generate mazes
 * without a download ({@code --generate}) as a CSV file or, with {@code --test}, directly as a data set.
 */
@Command(name = "maze", mixinStandardHelpOptions = true,
        description = {"Maze data: build the official layout from Maze-Hard CSVs, or generate mazes.",
                "  trm data maze --csv-dir DIR --out OUT [--aug]",
                "  trm data maze --generate N --size 30 --min-path 110 --out FILE.csv",
                "  trm data maze --generate N --test M --size 10 --min-path 20 --out OUT [--aug]"})
public final class DataMazeCommand implements Callable<Integer> {
    @Option(names = "--csv-dir", paramLabel = "DIR", description = "Folder with train.csv and test.csv (source,question,answer,rating).")
    Path csvDir;

    @Option(names = "--generate", paramLabel = "N", description = "Generate N mazes (the training split when --test is given).")
    Integer generate;

    @Option(names = "--test", paramLabel = "M", description = "With --generate: also M test mazes, written as a data set folder.")
    Integer test;

    @Option(names = "--out", required = true, paramLabel = "PATH", description = "Output folder (data set) or CSV file (--generate without --test).")
    Path out;

    @Option(names = "--aug", description = "Add the 8 dihedral transforms of each training maze as 8 puzzles of one group (official default: off).")
    boolean aug;

    @Option(names = "--size", paramLabel = "N", defaultValue = "30", description = "Maze side. Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(names = "--min-path", paramLabel = "L", defaultValue = "110", description = "Keep mazes whose shortest path is longer than L moves. Default: ${DEFAULT-VALUE}.")
    int minPath;

    @Option(names = "--method", paramLabel = "M", defaultValue = "grow",
            description = "grow (add walls on the shortest path until it is long and unique) or searchformer (pure rejection sampling). Default: ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--allow-multiple-shortest", description = "Keep mazes with several shortest paths (default: only unique ones).")
    boolean allowMultiple;

    @Option(names = "--wall-min", paramLabel = "F", defaultValue = "0.3", description = "Lowest wall fraction of a layout. Default: ${DEFAULT-VALUE}.")
    double wallMin;

    @Option(names = "--wall-max", paramLabel = "F", defaultValue = "0.5", description = "Highest wall fraction of a layout. Default: ${DEFAULT-VALUE}.")
    double wallMax;

    @Option(names = "--attempts", paramLabel = "A", defaultValue = "100", description = "Start/goal draws per wall layout. Default: ${DEFAULT-VALUE}.")
    int attempts;

    @Option(names = "--exclude", paramLabel = "CSV", description = "Never generate a maze whose question appears in this CSV (repeatable).")
    List<Path> exclude = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "0", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws IOException {
        if ((csvDir != null) == (generate != null)) throw new UserError("give exactly one of --csv-dir DIR or --generate N");
        if (csvDir != null) {
            if (test != null) throw new UserError("--test only goes with --generate");
            long t0 = System.nanoTime();
            MazeDatasets.Summary s = MazeDatasets.build(csvDir, out, aug);
            System.out.printf(Locale.ROOT, "built %s from %s in %.2f s: train %d groups / %d examples, test %d groups%n",
                    out, csvDir, (System.nanoTime() - t0) / 1e9, s.train().groups(), s.train().examples(), s.test().groups());
            System.out.println("shortest path (moves): " + s.pathLengths().summary());
            return 0;
        }
        if (generate < 1) throw new UserError("--generate must be at least 1, got " + generate);
        MazeGenerator.Options options = new MazeGenerator.Options(size, minPath, wallMin, wallMax, attempts, !allowMultiple,
                parseMethod(method));
        Set<String> excluded = new HashSet<>();
        for (Path p : exclude) for (MazeRow r : MazeCsv.read(p)) excluded.add(r.question());
        MazeGenerator gen = new MazeGenerator(options, seed);
        if (test != null && test < 1) throw new UserError("--test must be at least 1, got " + test);
        long total0 = (long) generate + (test == null ? 0 : test);
        if (total0 > Integer.MAX_VALUE) throw new UserError("--generate + --test must be at most " + Integer.MAX_VALUE + ", got " + total0);
        int total = (int) total0;
        // a row holds the question and answer (a char per cell each) plus strings' and objects' overhead
        MemoryEstimate.checkHeap((double) total * (4.0 * size * size + 200), "--generate " + total + " mazes of " + size + "x" + size,
                "generate fewer mazes per call");
        List<MazeRow> rows = gen.generate(total, excluded);
        if (test == null) {
            if (aug) throw new UserError("--aug applies to data sets; with a CSV output, pass it when building (--csv-dir)");
            MazeCsv.write(out, rows);
        } else {
            MazeDatasets.writeGenerated(out, rows.subList(0, generate), rows.subList(generate, total), aug);
        }
        MazeGenerator.Stats st = gen.stats();
        PathLengthStats lengths = new PathLengthStats();
        rows.forEach(r -> lengths.add(PathLengthStats.shortestMoves(r)));
        System.out.printf(Locale.ROOT, "generated %d %dx%d mazes (%s, shortest path > %d moves%s) from %d wall layouts in %.2f s: "
                        + "%.1f mazes/s -> %s%n", total, size, size, options.method().name().toLowerCase(Locale.ROOT), minPath,
                allowMultiple ? "" : ", unique", st.layoutsTried(), st.seconds(), total / st.seconds(), out);
        System.out.println("shortest path (moves): " + lengths.summary());
        System.out.print(lengths.histogram(10));
        return 0;
    }

    private static MazeGenerator.Method parseMethod(String m) {
        return switch (m.toLowerCase(Locale.ROOT)) {
            case "grow" -> MazeGenerator.Method.GROW;
            case "searchformer" -> MazeGenerator.Method.SEARCHFORMER;
            default -> throw new UserError("--method must be grow or searchformer, got " + m);
        };
    }
}
