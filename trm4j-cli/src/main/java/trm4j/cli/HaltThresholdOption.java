package trm4j.cli;

import picocli.CommandLine.Option;

/** {@code --halt-threshold} (shared by eval and solve): early exit at a q_halt logit other than the official 0. */
final class HaltThresholdOption {
    @Option(names = "--halt-threshold", paramLabel = "LOGIT", description = "Early exit at the first step whose q_halt logit is above "
            + "LOGIT instead of 0 (implies --halt). 0 is the official rule; 3 asks the halting head to be 95 %% sure: on the "
            + "demo's models a few tenths of a step more per puzzle, and within 0.4 points of the full-length exact accuracy.")
    Float value;

    /** The early-exit threshold: this option's value, else 0 (the official rule) with {@code --halt}, else null (every step). */
    Float earlyExit(boolean halt) {
        if (value != null && !Float.isFinite(value))
            throw new UserError("--halt-threshold must be a finite logit (e.g. 0 or 3), got " + value);
        return value != null ? value : halt ? 0f : null;
    }
}
