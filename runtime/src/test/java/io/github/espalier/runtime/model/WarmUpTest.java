package io.github.espalier.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.runtime.program.Dim;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WarmUpTest {
    private static final List<ValueSpec> INPUTS = List.of(
            new ValueSpec("input_ids", DType.INT64, List.of(Dim.symbol("batch"), Dim.symbol("sequence"))),
            new ValueSpec("features", DType.FLOAT, List.of(Dim.symbol("batch"), Dim.of(3))));

    @Test
    void dummyInputsAreOneZeroSequenceWithFixedDimensionsKept() {
        Map<String, Tensor> dummy = WarmUp.dummyInputs(INPUTS);

        assertThat(dummy.get("input_ids").shape()).containsExactly(1, WarmUp.TOKENS);
        assertThat(dummy.get("input_ids").toLongArray()).containsOnly(0L);
        assertThat(dummy.get("features").shape()).containsExactly(1, 3);
        assertThat(dummy.get("features").dtype()).isEqualTo(DType.FLOAT);
    }

    @Test
    void runsTheProgramSeveralTimes() {
        AtomicInteger calls = new AtomicInteger();

        WarmUp.run(INPUTS, inputs -> {
            calls.incrementAndGet();
            return inputs;
        });

        assertThat(calls).hasValue(WarmUp.RUNS);
    }

    @Test
    void aProgramThatFailsOnZerosStillLoads() {
        AtomicInteger calls = new AtomicInteger();

        WarmUp.run(INPUTS, inputs -> {
            calls.incrementAndGet();
            throw new IllegalStateException("index 0 out of range");
        });

        assertThat(calls).hasValue(1);
    }

    /** A fixed input far larger than one sequence (or past any array) is not allocated just to warm up. */
    @Test
    void largeFixedInputsAreNotWarmedUp() {
        AtomicInteger calls = new AtomicInteger();
        for (long size : new long[] {WarmUp.MAX_INPUT_ELEMENTS + 1, Long.MAX_VALUE}) {
            WarmUp.run(List.of(new ValueSpec("x", DType.FLOAT, List.of(Dim.of(1), Dim.of(size)))), inputs -> {
                calls.incrementAndGet();
                return inputs;
            });
        }

        assertThat(calls).hasValue(0);
    }
}
