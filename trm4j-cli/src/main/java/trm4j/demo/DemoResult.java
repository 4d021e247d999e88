package trm4j.demo;

import java.nio.file.Path;

/**
 * What a demo run measured on its held-out puzzles with the final weights (all halt_max_steps ACT steps).
 *
 * @param steps          optimizer steps trained
 * @param trainSeconds   wall-clock seconds of training (evaluations during training included)
 * @param totalSeconds   wall-clock seconds of the whole demo
 * @param exact          held-out exact accuracy (whole grid right)
 * @param cell           held-out accuracy over all cells (givens included)
 * @param blankCell      held-out accuracy over the blank cells only
 * @param testPuzzles    held-out puzzles evaluated
 * @param checkpoint     the saved step_N folder
 * @param passed         whether {@code exact} reached the config's minimum
 */
public record DemoResult(long steps, double trainSeconds, double totalSeconds, double exact, double cell,
                         double blankCell, int testPuzzles, Path checkpoint, boolean passed) {}
