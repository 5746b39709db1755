package io.github.espalier.runtime.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoundRobinTimingTest {
    @Test
    void timesEveryVariantOnceARoundAndKeepsItsFastestRound() {
        List<String> order = new ArrayList<>();
        // "b" falls into a slow spell in the first round, "a" in the second
        Map<String, double[]> medians = Map.of("a", new double[] {5, 9, 6}, "b", new double[] {12, 7, 8});

        List<Timing> fastest = RoundRobinTiming.fastest(List.of("a", "b"), 3, variant -> {
            order.add(variant);
            double[] rounds = medians.get(variant);
            return new Timing(
                    rounds[(int) order.stream().filter(variant::equals).count() - 1], 0, 1);
        });

        assertThat(order).containsExactly("a", "b", "a", "b", "a", "b");
        assertThat(fastest).extracting(Timing::medianMs).containsExactly(5.0, 7.0);
    }

    @Test
    void refusesNoRounds() {
        assertThatThrownBy(() -> RoundRobinTiming.fastest(List.of("a"), 0, variant -> new Timing(1, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rounds must be >= 1");
    }
}
