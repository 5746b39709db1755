package io.github.espalier.compiler.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
    @Test
    void warmsUpLinearlyOverTheFirstSixPercentThenDecaysLinearlyToZeroAtTheEnd() {
        LearningRateSchedule schedule = new LearningRateSchedule(1e-3);

        assertThat(schedule.at(0)).isZero();
        assertThat(schedule.at(0.03)).isCloseTo(0.5e-3, offset(1e-12));
        assertThat(schedule.at(0.06)).isCloseTo(1e-3, offset(1e-12));
        assertThat(schedule.at(0.53)).isCloseTo(0.5e-3, offset(1e-12));
        assertThat(schedule.at(1)).isZero();
    }
}
