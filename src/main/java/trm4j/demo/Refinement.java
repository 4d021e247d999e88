package trm4j.demo;

import trm4j.model.Act;
import trm4j.model.TrmModel;

import java.util.ArrayList;
import java.util.List;

/**
 * One puzzle run through every ACT step of a trained model in eval mode, keeping each step's answer: how the
 * recursion refines its guess. Tokens are the official ones (value + 1), answers are grid values (0 = blank).
 */
public final class Refinement {
    /** The answer after one ACT step and the halting head's logit at that step (> 0: the model would stop). */
    public record Step(byte[] grid, float qHalt) {}

    private Refinement() {}

    /** Runs {@code question} (grid values, 0 = blank) for halt_max_steps ACT steps. */
    public static List<Step> run(TrmModel model, byte[] question) {
        int L = model.config.seq_len(), V = model.config.vocab_size();
        if (question.length != L)
            throw new IllegalArgumentException("puzzle has " + question.length + " cells, the model expects " + L);
        Act act = new Act(model, 1);
        Act.Carry carry = act.initialCarry();
        int[] inputs = new int[L];
        for (int i = 0; i < L; i++) inputs[i] = question[i] + 1;
        List<Step> steps = new ArrayList<>();
        for (int s = 0; s < model.config.halt_max_steps(); s++) {
            act.step(carry, inputs, null, new int[1], false, null);
            float[] logits = act.ws.logits;   // [1, L, V]
            byte[] grid = new byte[L];
            for (int i = 0; i < L; i++) {
                int best = 0;
                for (int v = 1; v < V; v++) if (logits[i * V + v] > logits[i * V + best]) best = v;
                grid[i] = (byte) Math.max(0, best - 1);   // token t → value t - 1 (PAD would show as blank)
            }
            steps.add(new Step(grid, act.ws.qHalt[0]));
        }
        return steps;
    }
}
