package io.github.espalier.runtime.tools;

import java.util.Arrays;
import java.util.Locale;

/**
 * The latency of one model on one input shape, from repeated calls.
 *
 * @param medianMs the median call, in milliseconds
 * @param p90Ms the 90th percentile call (nearest rank), in milliseconds
 * @param runs how many timed calls the figures come from
 */
public record Timing(double medianMs, double p90Ms, int runs) {
    private static final double NANOS_PER_MS = 1e6;

    public Timing {
        if (runs < 1) {
            throw new IllegalArgumentException("A timing needs at least one run, got " + runs);
        }
    }

    /** E.g. {@code median 7.25 ms, p90 7.50 ms}, for progress lines. */
    public String summary() {
        return String.format(Locale.ROOT, "median %.2f ms, p90 %.2f ms", medianMs, p90Ms);
    }

    /** The timing of calls that took {@code nanos} each. */
    public static Timing of(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        long p90 = sorted[(int) Math.ceil(0.9 * n) - 1];
        return new Timing(median / NANOS_PER_MS, p90 / NANOS_PER_MS, n);
    }
}
