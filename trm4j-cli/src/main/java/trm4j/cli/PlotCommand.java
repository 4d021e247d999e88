package trm4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import trm4j.demo.DemoCurves;
import trm4j.train.plot.Plots;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code trm plot RUN_DIR}: PNG charts of a training run's metrics.jsonl. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Draw PNG charts (loss, accuracy, exact accuracy, halting accuracy, mean steps, lr) "
                + "of a run's metrics.jsonl against the optimizer step.",
                "With --minutes: one chart of held-out exact accuracy against training minutes for one or more "
                + "trm demo folders (e.g. trm plot --minutes runs/demo runs/demo9 -o docs/curve.png)."})
public final class PlotCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN_DIR", arity = "1..*",
            description = "Run directory holding metrics.jsonl (or the metrics file itself); with --minutes, demo folders.")
    List<Path> runs;

    @Option(names = {"-o", "--out"}, paramLabel = "PATH",
            description = "Output folder (default: RUN_DIR/plots); with --minutes, the PNG file (default: exact_vs_minutes.png).")
    Path out;

    @Option(names = "--minutes", description = "Compare demo runs: held-out exact accuracy against training minutes.")
    boolean minutes;

    @Override
    public Integer call() throws Exception {
        if (minutes) {
            Path target = out != null ? out : Path.of("exact_vs_minutes.png");
            if (target.toAbsolutePath().getParent() != null) Files.createDirectories(target.toAbsolutePath().getParent());
            System.out.println(Plots.write(DemoCurves.chart(runs), target));
            return 0;
        }
        if (runs.size() != 1) throw new UserError("give one RUN_DIR, or --minutes to compare several demo runs");
        Path run = runs.get(0);
        Path metrics = Files.isDirectory(run) ? run.resolve("metrics.jsonl") : run;
        Path dir = out != null ? out : (Files.isDirectory(run) ? run : run.toAbsolutePath().getParent()).resolve("plots");
        List<Path> files = Plots.write(metrics, dir);
        for (Path f : files) System.out.println(f);
        return 0;
    }
}
