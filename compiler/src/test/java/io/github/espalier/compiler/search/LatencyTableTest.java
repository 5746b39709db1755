package io.github.espalier.compiler.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The model's arithmetic on a hand-made table. */
class LatencyTableTest {
    private static final double EXACT = 1e-12;

    private final LatencyTable table =
            new LatencyTable(1, new TreeMap<>(Map.of(2, 1.0, 4, 2.0)), new TreeMap<>(Map.of(128, 0.5, 512, 2.0)));

    @Test
    void takesGridCostsAsTheyAre() {
        assertThat(table.attentionMs(4)).isEqualTo(2.0);
        assertThat(table.ffnMs(128)).isEqualTo(0.5);
    }

    @Test
    void interpolatesLinearlyBetweenGridCounts() {
        assertThat(table.attentionMs(3)).isCloseTo(1.5, within(EXACT));
        assertThat(table.ffnMs(256)).isCloseTo(1.0, within(EXACT));
    }

    @Test
    void takesTheNearestGridCostOutsideTheGrid() {
        assertThat(table.attentionMs(1)).isEqualTo(1.0);
        assertThat(table.ffnMs(64)).isEqualTo(0.5);
        assertThat(table.ffnMs(1024)).isEqualTo(2.0);
    }

    @Test
    void addsTheBaseAndEachKeptLayerDroppedLayersCostNothing() {
        assertThat(table.predictMs(Architecture.parse("4h/512 dropped 2h/128")))
                .isCloseTo(1 + (2.0 + 2.0) + (1.0 + 0.5), within(EXACT));
        assertThat(table.predictMs(Architecture.parse("3h/256 dropped dropped")))
                .isCloseTo(1 + 1.5 + 1.0, within(EXACT));
    }
}
