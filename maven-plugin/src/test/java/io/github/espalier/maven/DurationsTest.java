package io.github.espalier.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void readsMinutesAndSecondsAndIso8601() throws Exception {
        assertThat(Durations.parse("searchTime", "10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.parse("searchTime", "90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("trainingTime", " 1m30s ")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("trainingTime", "PT10M")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Durations.parse("trainingTime", "pt40s")).isEqualTo(Duration.ofSeconds(40));
        assertThat(Durations.parse("trainingTime", "1h")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void namesTheParameterWhenTheTextIsNoDuration() {
        assertThatThrownBy(() -> Durations.parse("trainingTime", "ten minutes"))
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("<trainingTime> 'ten minutes' is not a duration")
                .hasMessageContaining("10m, 90s, 1m30s or PT10M");
        assertThatThrownBy(() -> Durations.parse("searchTime", "  "))
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("<searchTime> is empty");
    }

    @Test
    void refusesZeroAndNegativeDurations() {
        assertThatThrownBy(() -> Durations.parse("searchTime", "0s"))
                .isInstanceOf(MojoFailureException.class)
                .hasMessage("<searchTime> must be positive, got 0s");
        assertThatThrownBy(() -> Durations.parse("trainingTime", "-5m"))
                .isInstanceOf(MojoFailureException.class)
                .hasMessage("<trainingTime> must be positive, got -5m");
    }
}
