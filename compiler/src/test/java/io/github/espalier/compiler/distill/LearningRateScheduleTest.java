package io.github.espalier.compiler.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
    @Test
    void warmsUpLinearlyThenDecaysLinearlyToZeroAtTheLastStep() {
        LearningRateSchedule schedule = LearningRateSchedule.of(1e-3, 100);

        assertThat(schedule.warmupSteps()).isEqualTo(6);
        assertThat(schedule.at(0)).isCloseTo(1e-3 / 6, offset(1e-12));
        assertThat(schedule.at(5)).isCloseTo(1e-3, offset(1e-12));
        assertThat(schedule.at(6)).isCloseTo(1e-3, offset(1e-12));
        assertThat(schedule.at(53)).isCloseTo(1e-3 * 47 / 94, offset(1e-12));
        assertThat(schedule.at(99)).isCloseTo(1e-3 / 94, offset(1e-12));
        assertThat(schedule.at(100)).isZero();
    }
}
