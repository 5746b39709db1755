package io.github.espalier.compiler.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LatencyBudgetTest {
    @Test
    void readsMillisecondsAndShares() {
        assertThat(LatencyBudget.parse("8").milliseconds(20)).isEqualTo(8);
        assertThat(LatencyBudget.parse(" 7.5ms ").milliseconds(20)).isEqualTo(7.5);
        assertThat(LatencyBudget.parse("50%").milliseconds(20)).isEqualTo(10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fast", "0", "-3", "100%", "150%", "NaN", "Infinity"})
    void rejectsWhatIsNotABudget(String text) {
        assertThatThrownBy(() -> LatencyBudget.parse(text))
                .isInstanceOf(SearchException.class)
                .hasMessageContaining("latencyBudget '" + text + "'")
                .hasMessageContaining("50%");
    }
}
