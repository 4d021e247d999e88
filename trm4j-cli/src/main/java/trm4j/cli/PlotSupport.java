package trm4j.cli;

import java.nio.file.Path;

/** Writes the run's plots when the plotting code is present; plotting never fails a finished run. */
final class PlotSupport {
    private PlotSupport() {}

    static void write(Path runDir) {
        try {
            trm4j.train.plot.Plots.write(runDir);
        } catch (Exception e) {
            System.err.println("trm: could not write plots: " + e.getMessage());
        }
    }
}
