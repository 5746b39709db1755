package io.github.espalier.compiler.search.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class FormatsTest {
    @Test
    void numbersReadTheSameWhateverTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);

            assertThat(Formats.ms(12.5)).isEqualTo("12.50");
            assertThat(Formats.cosine(0.98765)).isEqualTo("0.9877");
            assertThat(Formats.recall(0.5)).isEqualTo("0.500");
            assertThat(Formats.percent(7.25)).isEqualTo("7.3 %");
            assertThat(Formats.signedPercent(7.25)).isEqualTo("+7.3 %");
            assertThat(Formats.signedPercent(-7.25)).isEqualTo("-7.3 %");
            assertThat(Formats.speedUp(2)).isEqualTo("2.00×");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void missingOrNonFiniteNumbersShowAsADash() {
        assertThat(Formats.ms(Double.NaN)).isEqualTo(Formats.NONE);
        assertThat(Formats.speedUp(Double.POSITIVE_INFINITY)).isEqualTo(Formats.NONE);
    }

    @Test
    void durationsUseTheLargestUnitsThatFit() {
        assertThat(Formats.duration(Duration.ofMillis(42_040))).isEqualTo("42.0 s");
        assertThat(Formats.duration(Duration.ofSeconds(185))).isEqualTo("3 min 05 s");
        assertThat(Formats.duration(Duration.ofMinutes(62))).isEqualTo("1 h 02 min");
    }
}
