package trm4j.demo;

import trm4j.model.EvalRollout;
import trm4j.model.Losses;
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
        int[] inputs = new int[L];
        for (int i = 0; i < L; i++) inputs[i] = question[i] + 1;
        List<Step> steps = new ArrayList<>();
        new EvalRollout(model, 1).run(EvalRollout.Source.of(List.of(inputs), new int[1]), false, (r, p, slot, step, last) -> {
            int[] pred = Losses.argmax(r.logits(), slot, L, V);   // logits: [1, L, V]
            byte[] grid = new byte[L];
            for (int i = 0; i < L; i++) grid[i] = (byte) Math.max(0, pred[i] - 1);   // token t → value t - 1 (PAD would show as blank)
            steps.add(new Step(grid, r.qHalt(slot)));
        });
        return steps;
    }
}
