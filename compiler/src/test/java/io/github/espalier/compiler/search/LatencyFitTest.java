package io.github.espalier.compiler.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.espalier.runtime.tools.Timing;
import io.github.espalier.runtime.tools.VariantLatency;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/** Whole-model latencies made up from a known additive truth: the fit must recover it. */
class LatencyFitTest {
    private static final double EXACT = 1e-9;
    private static final EncoderShape SHAPE = new EncoderShape(4, 4, 512);

    /** Base 2 ms; attention 0.5 + 0.25 ms a head; feed-forward 0.1 + 1/256 ms a neuron. */
    private static double truthMs(Architecture architecture) {
        return 2
                + architecture.layers().stream()
                        .filter(layer -> !layer.dropped())
                        .mapToDouble(layer -> 0.5 + 0.25 * layer.heads() + 0.1 + layer.neurons() / 256.0)
                        .sum();
    }

    static List<VariantLatency> measured(LatencyGrid grid, ToDoubleFunction<Architecture> latencyMs) {
        return grid.variants().stream()
                .map(variant ->
                        new VariantLatency(variant.toString(), new Timing(latencyMs.applyAsDouble(variant), 0, 1)))
                .toList();
    }

    @Test
    void recoversTheBaseAndPredictsEveryGridVariantAsMeasured() {
        LatencyGrid grid = LatencyGrid.of(SHAPE, List.of(1, 2, 3), 128);

        LatencyTable table = LatencyFit.fit(grid, measured(grid, LatencyFitTest::truthMs));

        assertThat(table.baseMs()).isCloseTo(2, within(EXACT));
        for (Architecture variant : grid.variants()) {
            assertThat(table.predictMs(variant)).isCloseTo(truthMs(variant), within(EXACT));
        }
    }

    @Test
    void predictsMixedArchitecturesOffTheGrid() {
        LatencyGrid grid = LatencyGrid.of(SHAPE, List.of(1), 256);

        LatencyTable table = LatencyFit.fit(grid, measured(grid, LatencyFitTest::truthMs));

        Architecture mixed = Architecture.parse("3h/384 dropped 1h/256 4h/512");
        assertThat(table.predictMs(mixed)).isCloseTo(truthMs(mixed), within(EXACT));
        // below the smallest neuron count timed, the cost of that count: 128 neurons' 0.5 ms too many
        Architecture belowGrid = Architecture.parse("3h/384 dropped 1h/128 4h/512");
        assertThat(table.predictMs(belowGrid)).isCloseTo(truthMs(belowGrid) + 0.5, within(EXACT));
    }

    @Test
    void givesTheFeedForwardWhatItsNeuronLineExtrapolatesAwayAtZero() {
        LatencyGrid grid = LatencyGrid.standard(SHAPE);

        LatencyTable table = LatencyFit.fit(grid, measured(grid, LatencyFitTest::truthMs));

        // the 0.1 ms that does not shrink with the neurons cannot be told apart from attention's fixed cost
        assertThat(table.ffnMs(256)).isCloseTo(1.0, within(EXACT));
        assertThat(table.attentionMs(2)).isCloseTo(0.5 + 0.5 + 0.1, within(EXACT));
    }

    @Test
    void aTimingThatJumpedDoesNotOpenADipTheAllocatorCouldExploit() {
        LatencyGrid grid = LatencyGrid.standard(SHAPE);
        Architecture slow = grid.withNeurons(256);

        LatencyTable table =
                LatencyFit.fit(grid, measured(grid, variant -> truthMs(variant) + (variant.equals(slow) ? 3 : 0)));

        assertThat(table.ffnMs(128)).isLessThan(table.ffnMs(256));
        assertThat(table.ffnMs(256)).isLessThan(table.ffnMs(384));
        assertThat(table.ffnMs(384) - table.ffnMs(256)).isCloseTo(table.ffnMs(256) - table.ffnMs(128), within(EXACT));
    }

    /** The unpruned model timed 3 ms (a quarter) slow, as drift on a shared machine does: one point of 26. */
    @Test
    void aDriftedTimingOfTheUnprunedModelDoesNotShiftEveryPrediction() {
        LatencyGrid grid = LatencyGrid.standard(new EncoderShape(6, 12, 1536));
        Architecture full = grid.shape().full();

        LatencyTable table =
                LatencyFit.fit(grid, measured(grid, variant -> truthMs(variant) + (variant.equals(full) ? 3 : 0)));

        Architecture halfFfn = grid.withNeurons(768);
        assertThat(table.predictMs(halfFfn)).isCloseTo(truthMs(halfFfn), within(0.3));
        assertThat(table.predictMs(full)).isCloseTo(truthMs(full), within(0.6)); // a fifth of the jump
    }

    @Test
    void aSlopeThatNoiseMakesNegativeIsLeftOut() {
        LatencyGrid grid = LatencyGrid.standard(SHAPE);

        LatencyTable table = LatencyFit.fit(
                grid,
                measured(
                        grid,
                        variant -> truthMs(variant)
                                - 2 * variant.layers().getFirst().heads()));

        assertThat(table.attentionMs(1)).isEqualTo(table.attentionMs(4));
        assertThat(table.ffnMs(128)).isLessThan(table.ffnMs(512));
    }

    @Test
    void aOneLayerModelHasNoBase() {
        EncoderShape oneLayer = new EncoderShape(1, 2, 256);
        LatencyGrid grid = LatencyGrid.standard(oneLayer);

        LatencyTable table = LatencyFit.fit(grid, measured(grid, LatencyFitTest::truthMs));

        assertThat(table.baseMs()).isZero();
        assertThat(table.predictMs(Architecture.parse("1h/128")))
                .isCloseTo(truthMs(Architecture.parse("1h/128")), within(EXACT));
    }

    @Test
    void aSingleNeuronCountLeavesTheWholeLayerToAttention() {
        LatencyGrid grid = new LatencyGrid(new EncoderShape(2, 2, 64), List.of(), List.of());
        Map<String, Double> latencies = Map.of("2h/64 2h/64", 5.0, "2h/64 dropped", 3.0);

        LatencyTable table = LatencyFit.fit(grid, measured(grid, variant -> latencies.get(variant.toString())));

        assertThat(table.baseMs()).isCloseTo(1, within(EXACT));
        assertThat(table.attentionMsByHeads()).containsOnlyKeys(2);
        assertThat(table.attentionMs(2)).isCloseTo(2, within(EXACT));
        assertThat(table.ffnMsByNeurons()).isEqualTo(Map.of(64, 0.0));
    }

    @Test
    void namesAGridVariantWithoutALatency() {
        LatencyGrid grid = LatencyGrid.of(SHAPE, List.of(2), 256);
        List<VariantLatency> incomplete = measured(grid, LatencyFitTest::truthMs)
                .subList(0, grid.variants().size() - 1);

        assertThatThrownBy(() -> LatencyFit.fit(grid, incomplete))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No latency was measured for the grid variant 4h/256 4h/256 4h/256 4h/256");
    }
}
