package io.github.espalier.compiler.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LatencyGridTest {
    private static final EncoderShape MINILM = new EncoderShape(6, 12, 1536);

    @Test
    void theStandardGridTimesEveryHeadCountAndNeuronsInSteps() {
        LatencyGrid grid = LatencyGrid.standard(MINILM);

        assertThat(grid.heads())
                .containsExactlyElementsOf(IntStream.rangeClosed(1, 12).boxed().toList());
        assertThat(grid.neurons())
                .containsExactlyElementsOf(
                        IntStream.rangeClosed(1, 12).map(i -> i * 128).boxed().toList());
        // the full model, one layer, then 11 other head counts and 11 other neuron counts
        assertThat(grid.variants()).hasSize(24).doesNotHaveDuplicates();
        assertThat(grid.variants().subList(0, 2))
                .containsExactly(MINILM.full(), Architecture.parse("12h/1536 dropped dropped dropped dropped dropped"));
        assertThat(grid.variants()).contains(Architecture.uniform(6, new LayerShape(3, 1536)));
        assertThat(grid.variants()).contains(Architecture.uniform(6, new LayerShape(12, 640)));
    }

    @Test
    void alwaysTimesTheFullCountsWhatTheDifferencesAreTakenFrom() {
        LatencyGrid grid = LatencyGrid.of(new EncoderShape(2, 4, 300), List.of(2, 1, 2), 128);

        assertThat(grid.heads()).containsExactly(1, 2, 4);
        assertThat(grid.neurons()).containsExactly(128, 256, 300);
    }

    @Test
    void aOneLayerModelIsTimedOnceForBothItsFullAndItsOneLayerVariant() {
        LatencyGrid grid = LatencyGrid.of(new EncoderShape(1, 2, 128), List.of(1), 128);

        assertThat(grid.variants()).containsExactly(Architecture.parse("2h/128"), Architecture.parse("1h/128"));
    }

    @Test
    void refusesCountsTheModelDoesNotHave() {
        assertThatThrownBy(() -> LatencyGrid.of(MINILM, List.of(0, 12), 128))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("heads must lie between 1 and 12, got 0");
        assertThatThrownBy(() -> new LatencyGrid(MINILM, List.of(12), List.of(2048)))
                .hasMessageContaining("neurons must lie between 1 and 1536, got 2048");
    }
}
