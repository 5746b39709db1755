package io.github.espalier.runtime.tools;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Times repeated calls of a model the same way wherever a latency is measured (at build time and with
 * {@link LatencyProbe} on the deployment machine), so the two agree on what they measure.
 *
 * <p>Calls first run untimed for {@code warmUp}, long enough for the JIT to compile the kernels (cold calls
 * are many times slower), then up to {@code runs} calls are timed one by one. Everything stops at {@code cap}
 * after the start, so a slow variant cannot stall a search; by then at least {@link #MIN_RUNS} calls are
 * timed whatever the cap, so no figure rests on one call.
 */
public final class LatencyTimer {
    static final int MIN_RUNS = 5;

    private final Duration warmUp;
    private final int runs;
    private final Duration cap;
    private final LongSupplier nanoTime;

    /**
     * @param warmUp how long calls run untimed first
     * @param runs how many calls to time at most
     * @param cap when to stop warming up and timing, counted from the first call
     */
    public LatencyTimer(Duration warmUp, int runs, Duration cap) {
        this(warmUp, runs, cap, System::nanoTime);
    }

    /** With a clock of its own, so tests can check the policy without timing anything. */
    LatencyTimer(Duration warmUp, int runs, Duration cap, LongSupplier nanoTime) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be >= 1, got " + runs);
        }
        this.warmUp = warmUp;
        this.runs = runs;
        this.cap = cap;
        this.nanoTime = nanoTime;
    }

    /**
     * A third of a second of warm-up, then up to 30 timed calls, all within ten seconds. The warm-up of each
     * variant is short because callers time one variant first and drop it, which leaves the JIT's kernels
     * compiled; the latency table times every variant in {@link RoundRobinTiming#ROUNDS} rounds.
     */
    public static LatencyTimer standard() {
        return new LatencyTimer(Duration.ofMillis(300), 30, Duration.ofSeconds(10));
    }

    public Timing time(Runnable call) {
        long start = nanoTime.getAsLong();
        long warmUpEnd = start + warmUp.toNanos();
        long deadline = start + cap.toNanos();
        long now;
        do {
            call.run();
            now = nanoTime.getAsLong();
        } while (now < warmUpEnd && now < deadline);
        int least = Math.min(runs, MIN_RUNS);
        long[] samples = new long[runs];
        int timed = 0;
        while (timed < runs && (timed < least || now < deadline)) {
            long before = now;
            call.run();
            now = nanoTime.getAsLong();
            samples[timed++] = now - before;
        }
        return Timing.of(Arrays.copyOf(samples, timed));
    }
}
