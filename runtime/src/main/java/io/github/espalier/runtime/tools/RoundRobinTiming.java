package io.github.espalier.runtime.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Times several variants in rounds, each once a round, and keeps for each the timing of its fastest round.
 * On a shared machine latency drifts for seconds at a time (measured here: three head counts timed one after
 * another all 30% slow, while the variants around them were not). Timed one after another, a variant that
 * falls into such a spell is wrong in the table, and the fit through the table with it; timed in rounds a
 * minute apart, it would have to fall into one every round. Interference only ever adds time, so the
 * fastest round is the one closest to the variant's own cost.
 */
public final class RoundRobinTiming {
    /** Rounds of the latency table, at build time and on the deployment machine alike. */
    public static final int ROUNDS = 3;

    private RoundRobinTiming() {}

    /** Each variant's fastest timing (lowest median) over {@code rounds} rounds, in the variants' order. */
    public static <V> List<Timing> fastest(List<V> variants, int rounds, Function<V, Timing> time) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
        }
        List<Timing> fastest = new ArrayList<>(variants.size());
        for (int round = 0; round < rounds; round++) {
            for (int v = 0; v < variants.size(); v++) {
                Timing timing = time.apply(variants.get(v));
                if (round == 0) {
                    fastest.add(timing);
                } else if (timing.medianMs() < fastest.get(v).medianMs()) {
                    fastest.set(v, timing);
                }
            }
        }
        return fastest;
    }
}
