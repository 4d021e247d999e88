package trm4j.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A tiny TRM must learn sequence reversal (8 digits of 6 values, 1,500 training sequences) to at least 90 %
 * exact accuracy on 256 held-out sequences within 600 optimizer steps. Breaking the backward pass or the optimizer
 * leaves it near 0 % (a random guess is right with probability 6⁻⁸).
 */
class TrainerLearningTest {
    @TempDir Path tmp;

    static List<String> tinyConfig(Path data, int epochs, int evalInterval) {
        return List.of("data_paths=[" + data + "]", "evaluators=[]", "global_batch_size=50",
                "epochs=" + epochs, "eval_interval=" + evalInterval, "lr=3e-3", "lr_warmup_steps=20", "weight_decay=0.01",
                "puzzle_emb_lr=1e-2", "ema=False", "seed=7",
                "arch.hidden_size=32", "arch.num_heads=2", "arch.expansion=2", "arch.H_cycles=2", "arch.L_cycles=1",
                "arch.halt_max_steps=2", "arch.puzzle_emb_ndim=0", "arch.puzzle_emb_len=0", "arch.forward_dtype=float32");
    }

    @Test
    void learnsReversalToNinetyPercentExact() throws Exception {
        Path data = tmp.resolve("data");
        TinyTasks.reversal(data, 8, 8, 1500, 256, 1);
        TrainConfig config = ConfigOverrides.parse(tinyConfig(data, 20, 4));
        try (Trainer t = Trainer.start(config, new Trainer.Options(tmp.resolve("run"), 0, 1, Progress.silent()))) {
            Trainer.Outcome o = t.run();
            assertTrue(o.finished());
            assertEquals(600, o.step(), "20 epochs of 1,500 sequences at batch 50");
            Map<String, Double> all = o.lastEval().get("all");
            System.out.println("reversal: " + all);
            assertEquals(256.0, all.get("count"));
            assertTrue(all.get("exact_accuracy") >= 0.9, "held-out exact accuracy " + all.get("exact_accuracy"));
        }
    }
}
