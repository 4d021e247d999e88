package trm4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import trm4j.data.arc.ArcDatasetBuilder;
import trm4j.data.arc.ArcTaskReader;

/** {@code trm data arc}: the official ARC-AGI builder ({@code dataset/build_arc_dataset.py}), identical output. */
@Command(name = "arc", mixinStandardHelpOptions = true,
        description = {"Build an ARC-AGI data set in the official layout, byte-identical to the official builder.",
                "ARC-AGI-1: --subsets training evaluation concept --test-set-name evaluation",
                "ARC-AGI-2: --subsets training2 evaluation2 concept --test-set-name evaluation2"})
public final class DataArcCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--input-file-prefix", paramLabel = "DIR/PREFIX",
                description = "Kaggle combined layout: reads PREFIX_<subset>_challenges.json and _solutions.json.")
        String prefix;

        @Option(names = "--input-dir", paramLabel = "DIR",
                description = "One folder per subset, DIR/<subset>/<task id>.json, test outputs inside the task files.")
        Path dir;
    }

    @Option(names = "--subsets", arity = "1..*", required = true, paramLabel = "NAME",
            description = "Subsets in processing order (the order changes the random stream).")
    List<String> subsets;

    @Option(names = "--test-set-name", required = true, paramLabel = "NAME",
            description = "The subset whose test pairs form the test split.")
    String testSetName;

    @Option(names = "--num-aug", defaultValue = "1000", description = "Augmented versions per task (default ${DEFAULT-VALUE}).")
    int numAug;

    @Option(names = "--seed", defaultValue = "42", description = "numpy global seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"--out", "--output-dir"}, required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outw = spec.commandLine().getOut();
        ArcDatasetBuilder.SubsetLoader loader = source.prefix != null
                ? s -> ArcTaskReader.readKaggle(source.prefix, s, err)
                : s -> ArcTaskReader.readDirectory(source.dir.resolve(s));
        long t0 = System.nanoTime();
        ArcDatasetBuilder.Stats st = new ArcDatasetBuilder(
                new ArcDatasetBuilder.Config(subsets, testSetName, numAug, seed), loader, outw).build(out);
        outw.printf("train: %d groups, %d puzzles, %d examples; test: %s; %d puzzle identifiers; %d tasks short of %d versions; %.1f s%n",
                st.train().groups(), st.train().puzzles(), st.train().examples(),
                st.test() == null ? "none" : st.test().groups() + " groups, " + st.test().puzzles() + " puzzles, "
                        + st.test().examples() + " examples",
                st.numPuzzleIdentifiers(), st.tasksShort(), numAug + 1, (System.nanoTime() - t0) / 1e9);
        outw.flush();
        return 0;
    }
}
