package trm4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import trm4j.train.plot.Plots;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code trm plot RUN_DIR}: PNG charts of a training run's metrics.jsonl. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Draw PNG charts (loss, accuracy, exact accuracy, halting accuracy, mean steps, lr) "
                + "of a run's metrics.jsonl against the optimizer step.")
public final class PlotCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN_DIR", description = "Run directory holding metrics.jsonl (or the metrics file itself).")
    Path run;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Output folder (default: RUN_DIR/plots).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path metrics = Files.isDirectory(run) ? run.resolve("metrics.jsonl") : run;
        Path dir = out != null ? out : (Files.isDirectory(run) ? run : run.toAbsolutePath().getParent()).resolve("plots");
        List<Path> files = Plots.write(metrics, dir);
        for (Path f : files) System.out.println(f);
        return 0;
    }
}
