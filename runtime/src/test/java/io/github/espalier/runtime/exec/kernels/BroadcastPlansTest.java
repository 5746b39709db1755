package io.github.espalier.runtime.exec.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BroadcastPlansTest {
    @Test
    void theSameShapesGetTheSamePlanAndNewShapesANewOne() {
        BroadcastPlans plans = new BroadcastPlans();
        Broadcast first = plans.of(new long[] {1, 12, 128, 128}, new long[] {1, 1, 1, 128});

        assertThat(plans.of(new long[] {1, 12, 128, 128}, new long[] {1, 1, 1, 128}))
                .as("equal shapes in new arrays, as the next call passes them")
                .isSameAs(first);
        Broadcast shorter = plans.of(new long[] {1, 12, 16, 16}, new long[] {1, 1, 1, 16});
        assertThat(shorter).isNotSameAs(first);
        assertThat(shorter.shape).containsExactly(1, 12, 16, 16);
        assertThat(shorter.rows).isEqualTo(12 * 16);
    }
}
