package trm4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code trm} command line. Subcommands are listed in {@link #SUBCOMMANDS}. */
@Command(name = "trm", mixinStandardHelpOptions = true, version = "trm4j 0.1.0",
        description = "Tiny Recursive Model (TRM) in pure Java: data, training, evaluation, solving, conversion.")
public final class Main implements Runnable {

    /** One place to register subcommands, so that adding one is a one-line change. */
    static final Class<?>[] SUBCOMMANDS = {
            BenchCommand.class,
            ConvertCommand.class,
            DemoCommand.class,
            DataCommand.class,
            EvalCommand.class,
            ForwardCommand.class,
            InspectCommand.class,
            PlotCommand.class,
            ServeCommand.class,
            SolveCommand.class,
            TrainCommand.class,
    };

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        for (Class<?> c : SUBCOMMANDS) cl.addSubcommand(c);
        cl.setExecutionExceptionHandler(new ErrorHandler());
        return cl;
    }

    /**
     * Runs {@code args} on {@code cl}: whatever is thrown, an {@link Error} included, ends as one line on its stderr
     * (see {@link ErrorHandler}) and a non-zero exit code, never as a raw stack trace.
     */
    public static int execute(CommandLine cl, String... args) {
        try {
            return cl.execute(args);
        } catch (Throwable t) {
            return ErrorHandler.report(t, cl, java.util.List.of(args));
        }
    }

    public static void main(String[] args) {
        CommandLine cl = commandLine();
        Thread.setDefaultUncaughtExceptionHandler((th, t) -> ErrorHandler.report(t, cl));
        System.exit(execute(cl, args));
    }
}
