package trm4j.train;

/**
 * The official learning-rate schedule ({@code cosine_schedule_with_warmup_lr_lambda} in the official
 * {@code pretrain.py}): linear
 * warm-up {@code base·step/W} while {@code step < W}, then a half cosine from {@code base} down to
 * {@code base·lr_min_ratio} at {@code total_steps}. With {@code lr_min_ratio = 1} (every official recipe) the
 * rate is constant after warm-up. Both optimizers use the same shape with their own base rate.
 */
public record LrSchedule(long warmupSteps, long totalSteps, double minRatio) {

    public LrSchedule {
        if (warmupSteps < 0) throw new IllegalArgumentException("lr_warmup_steps must be >= 0, got " + warmupSteps);
        if (!(minRatio >= 0)) throw new IllegalArgumentException("lr_min_ratio must be >= 0, got " + minRatio);
    }

    /** The schedule of a training config; {@code totalSteps} is the trainer's estimate: epochs × examples per epoch / global batch, as the official {@code pretrain.py} counts it. */
    public static LrSchedule of(TrainConfig config, long totalSteps) {
        return new LrSchedule(config.lrWarmupSteps(), totalSteps, config.lrMinRatio());
    }

    /** The rate for optimizer step {@code step} (the first step is 1), same operation order as the official code. */
    public double lr(long step, double base) {
        if (step < warmupSteps) return base * (double) step / (double) Math.max(1, warmupSteps);
        double progress = (double) (step - warmupSteps) / (double) Math.max(1, totalSteps - warmupSteps);
        // num_cycles = 0.5: the official argument is π·0.5·2.0·progress (exactly π·progress)
        return base * (minRatio + Math.max(0.0, (1 - minRatio) * 0.5 * (1.0 + StrictMath.cos(Math.PI * 0.5 * 2.0 * progress))));
    }
}
