package io.github.espalier.compiler.distill;

/**
 * Linear warm-up to the peak rate, then linear decay to zero at the end of training, both by the share of
 * the training budget used (steps, or time): the warm-up keeps Adam's first, noisy moment estimates from
 * undoing the repair; the decay settles the weights at the end.
 */
record LearningRateSchedule(double peak) {
    /** Warm-up takes this share of the budget. */
    static final double WARMUP_SHARE = 0.06;

    /** The rate at {@code progress}, the share of the budget used, in [0, 1]. */
    double at(double progress) {
        if (progress < WARMUP_SHARE) {
            return peak * progress / WARMUP_SHARE;
        }
        return peak * Math.max(0, 1 - progress) / (1 - WARMUP_SHARE);
    }
}
