package trm4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code trm bench …}: performance measurements (never run as tests). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: prints one JSON line per case.",
        subcommands = {
                BenchGemm.class,
                BenchModel.class,
                BenchComm.class,
        })
public final class BenchCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() { spec.commandLine().usage(System.out); }
}
