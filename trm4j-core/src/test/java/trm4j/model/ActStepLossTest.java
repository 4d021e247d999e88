package trm4j.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import trm4j.nn.Param;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The step API is the training step as it was spelled out: {@link Act#stepLoss} + {@link Act#backward} give the same
 * bits as step, the loss head, HRM's q_continue loss and the model's backward called one by one (a second model with
 * the same weights), over several steps of training-mode ACT.
 */
class ActStepLossTest {
    static final int B = 3;

    @ParameterizedTest
    @ValueSource(strings = {"trm_singlez", "hrm"})
    void stepLossAndBackwardAreTheSpelledOutStep(String arch) {
        TrmConfig c = VariantGradientTest.config(arch, "rope", false, 2, 2, 1);
        TrmModel a = GradientModelTest.randomModel(c, new SplittableRandom(5));
        TrmModel b = new TrmModel(c);
        for (Param p : a.params().values()) System.arraycopy(p.value, 0, b.params().get(p.name).value, 0, p.size());
        int L = c.seq_len(), V = c.vocab_size();
        SplittableRandom data = new SplittableRandom(9);
        int[] inputs = new int[B * L], labels = new int[B * L], ids = new int[B];
        for (int i = 0; i < inputs.length; i++) { inputs[i] = data.nextInt(V); labels[i] = data.nextInt(4) == 0 ? Losses.IGNORE : data.nextInt(V); }
        for (int i = 0; i < B; i++) ids[i] = data.nextInt(c.num_puzzle_identifiers());
        Act actA = new Act(a, B), actB = new Act(b, B);
        Act.Carry carryA = actA.initialCarry(), carryB = actB.initialCarry();
        Act.Exploration exA = Act.seeded(new SplittableRandom(1), c.halt_max_steps()), exB = Act.seeded(new SplittableRandom(1), c.halt_max_steps());
        float[] dLogits = new float[B * L * V], dQ = new float[B], dQC = new float[B];
        double scale = 1.0 / B;
        for (int step = 0; step < 3; step++) {
            Act.StepLoss r = actA.stepLoss(carryA, inputs, labels, ids, true, exA, scale, true);
            actA.backward(carryA, r);

            actB.step(carryB, inputs, labels, ids, true, exB);
            Losses.Result head = Losses.compute(actB.ws.logits, carryB.labels, actB.ws.qHalt, carryB.steps, carryB.halted, B, L, V, scale, dLogits, dQ);
            float[] target = actB.targetQContinue();
            float qc = target == null ? 0f : Losses.qContinueLoss(actB.ws.qContinue, target, B, scale, dQC);
            b.zeroGrad();
            b.backward(actB.ws, carryB.z[0], dLogits, dQ, target == null ? null : dQC);

            assertEquals(arch.equals("hrm"), r.qContinueTarget() != null, "HRM bootstraps q_continue");
            assertEquals(head.loss() + 0.5 * qc, r.loss(), 0.0);
            assertEquals(head.metrics(), r.head().metrics());
            assertArrayEquals(head.preds(), r.head().preds());
            List<String> differ = new ArrayList<>();
            for (Param p : a.params().values())
                if (!java.util.Arrays.equals(p.grad, b.params().get(p.name).grad)) differ.add(p.name);
            assertEquals(List.of(), differ, "step " + step + ": gradients");
            assertArrayEquals(carryA.steps, carryB.steps);
            assertArrayEquals(carryA.halted, carryB.halted);
        }
    }
}
