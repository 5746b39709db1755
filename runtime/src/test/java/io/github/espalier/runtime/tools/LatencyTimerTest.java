package io.github.espalier.runtime.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The timing policy on a fake clock that only the timed calls advance: no real time is measured. */
class LatencyTimerTest {
    private static final long MS = 1_000_000;

    /** A call that takes the next of the given durations (in ms), cycling, and counts how often it ran. */
    private static final class FakeCall implements Runnable {
        private final long[] durationsMs;
        long now;
        int calls;

        FakeCall(long... durationsMs) {
            this.durationsMs = durationsMs;
        }

        @Override
        public void run() {
            now += durationsMs[calls++ % durationsMs.length] * MS;
        }
    }

    private static Timing time(FakeCall call, long warmUpMs, int runs, long capMs) {
        return new LatencyTimer(Duration.ofMillis(warmUpMs), runs, Duration.ofMillis(capMs), () -> call.now).time(call);
    }

    @Test
    void warmsUpForTheGivenTimeThenTimesTheGivenRuns() {
        FakeCall call = new FakeCall(1);

        Timing timing = time(call, 10, 4, 1000);

        assertThat(call.calls).isEqualTo(10 + 4);
        assertThat(timing).isEqualTo(new Timing(1, 1, 4));
    }

    @Test
    void stopsAtTheCapButTimesAFewRunsWhatever() {
        FakeCall call = new FakeCall(1);

        Timing timing = time(call, 10, 30, 12);

        assertThat(timing.runs()).isEqualTo(LatencyTimer.MIN_RUNS);
        assertThat(call.calls).isEqualTo(10 + LatencyTimer.MIN_RUNS);
    }

    @Test
    void theCapAlsoEndsTheWarmUp() {
        FakeCall call = new FakeCall(1);

        time(call, 1000, 3, 8);

        assertThat(call.calls).isEqualTo(8 + 3);
    }

    @Test
    void warmsUpWithAtLeastOneCallWhenNoWarmUpIsAsked() {
        FakeCall call = new FakeCall(1);

        time(call, 0, 2, 1000);

        assertThat(call.calls).isEqualTo(1 + 2);
    }

    @Test
    void reportsTheMedianAndTheNinetiethPercentileOfTheTimedCalls() {
        // one warm-up call of 100 ms, then ten timed calls of 1..10 ms
        FakeCall call = new FakeCall(100, 5, 1, 9, 2, 8, 3, 10, 4, 7, 6);

        Timing timing = time(call, 1, 10, 10_000);

        assertThat(timing).isEqualTo(new Timing(5.5, 9, 10));
    }

    @Test
    void anOddNumberOfRunsHasItsMiddleRunAsMedian() {
        assertThat(Timing.of(new long[] {3 * MS, 1 * MS, 2 * MS})).isEqualTo(new Timing(2, 3, 3));
    }

    @Test
    void refusesToTimeNoRuns() {
        assertThatThrownBy(() -> new LatencyTimer(Duration.ZERO, 0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runs must be >= 1");
    }
}
