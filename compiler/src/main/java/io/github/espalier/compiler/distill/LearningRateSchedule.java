package io.github.espalier.compiler.distill;

/**
 * Linear warm-up to the peak rate, then linear decay to zero at the last planned step: the warm-up keeps
 * Adam's first, noisy moment estimates from undoing the repair; the decay settles the weights at the end.
 */
record LearningRateSchedule(double peak, int warmupSteps, int totalSteps) {
    /** Warm-up takes this share of the planned steps. */
    static final double WARMUP_SHARE = 0.06;

    static LearningRateSchedule of(double peak, int totalSteps) {
        return new LearningRateSchedule(peak, Math.max(1, (int) Math.ceil(totalSteps * WARMUP_SHARE)), totalSteps);
    }

    /** The rate of step {@code step}, counted from 0. */
    double at(int step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        return peak * Math.max(0, totalSteps - step) / Math.max(1, totalSteps - warmupSteps);
    }
}
