package io.github.espalier.compiler.search.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PlotAxisTest {
    @Test
    void widensTheRangeToRoundTicks() {
        PlotAxis latency = PlotAxis.covering(0, 57.3, 8, 100, 900);

        assertThat(latency.ticks()).containsExactly(0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0);
        assertThat(latency.ticks().stream().map(latency::label))
                .containsExactly("0", "10", "20", "30", "40", "50", "60");
    }

    @Test
    void labelsFineStepsWithTheDecimalsTheyNeed() {
        PlotAxis cosine = PlotAxis.covering(0.874, 1.0, 6, 400, 20);

        assertThat(cosine.ticks().stream().map(cosine::label)).containsExactly("0.85", "0.90", "0.95", "1.00");
    }

    @Test
    void mapsTheEndsOfTheRangeOntoTheEndsOfThePixels() {
        PlotAxis cosine = PlotAxis.covering(0.874, 1.0, 6, 400, 20);

        assertThat(cosine.pixel(cosine.low())).isCloseTo(400, within(1e-9));
        assertThat(cosine.pixel(cosine.high())).isCloseTo(20, within(1e-9));
        assertThat(cosine.pixel(0.925)).isCloseTo(210, within(1e-9));
    }

    @Test
    void aSingleValueStillGetsARange() {
        PlotAxis flat = PlotAxis.covering(1, 1, 6, 0, 100);

        assertThat(flat.low()).isLessThan(1);
        assertThat(flat.high()).isGreaterThan(1);
        assertThat(flat.pixel(1)).isBetween(0.0, 100.0);
    }
}
