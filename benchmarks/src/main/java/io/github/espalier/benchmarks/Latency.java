package io.github.espalier.benchmarks;

import java.util.Arrays;

/**
 * Latency of one engine on one input, measured warm: the engine runs until a warm-up time has passed, then
 * every call is timed until the measuring time has passed (and at least {@link #MIN_RUNS} calls were made).
 *
 * @param medianMillis the median call
 * @param p90Millis the 90th percentile call
 * @param runs how many calls were timed
 */
record Latency(double medianMillis, double p90Millis, int runs) {
    private static final int MIN_RUNS = 5;
    private static final int MAX_RUNS = 2_000;

    static Latency measure(Engine engine, Shape.TokenBatch batch, double seconds) throws Exception {
        long warmUpEnd = System.nanoTime() + (long) (seconds / 2 * 1e9);
        for (int i = 0; i < 3 || System.nanoTime() < warmUpEnd; i++) {
            engine.run(batch);
        }
        long[] nanos = new long[MAX_RUNS];
        long end = System.nanoTime() + (long) (seconds * 1e9);
        int runs = 0;
        while (runs < MAX_RUNS && (runs < MIN_RUNS || System.nanoTime() < end)) {
            long start = System.nanoTime();
            engine.run(batch);
            nanos[runs++] = System.nanoTime() - start;
        }
        long[] timed = Arrays.copyOf(nanos, runs);
        Arrays.sort(timed);
        return new Latency(percentile(timed, 0.5), percentile(timed, 0.9), runs);
    }

    /** Nearest-rank percentile, in milliseconds. */
    private static double percentile(long[] sorted, double fraction) {
        int rank = (int) Math.ceil(fraction * sorted.length) - 1;
        return sorted[Math.max(0, rank)] / 1e6;
    }
}
