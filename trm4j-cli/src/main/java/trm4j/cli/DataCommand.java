package trm4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code trm data …}: build, generate and label data sets in the official on-disk layout. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Build, generate and label data sets (official on-disk layout).",
        subcommands = {
                DataSudokuCommand.class,
                DataArcCommand.class,
                DataMazeCommand.class,
        })
public final class DataCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() { spec.commandLine().usage(System.out); }
}
