package trm4j.api;

import java.util.List;

/**
 * What the model answered for one puzzle: its prediction after every ACT (supervision) step, in order.
 *
 * @param steps  one entry per step run (at least one)
 * @param halted whether the run stopped early because q_halt > 0 (only when asked to stop at halting)
 */
public record Solution(List<Step> steps, boolean halted) {
    /**
     * One ACT step.
     *
     * @param index      1-based step number
     * @param prediction argmax token per position [seq_len]
     * @param qHaltLogit the Q head's halting logit; the model wants to stop when it is &gt; 0
     */
    public record Step(int index, int[] prediction, float qHaltLogit) {
        /** sigmoid(q_halt): the model's confidence that this answer is right. */
        public double haltProbability() { return 1.0 / (1.0 + Math.exp(-(double) qHaltLogit)); }
    }

    public Solution {
        if (steps.isEmpty()) throw new IllegalArgumentException("a solution has at least one step");
        steps = List.copyOf(steps);
    }

    /** The last step (the answer). */
    public Step last() { return steps.getLast(); }

    /** The final prediction [seq_len]. */
    public int[] answer() { return last().prediction(); }
}
