package io.github.espalier.runtime.exec.fused;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.exec.ExecutionContext;
import io.github.espalier.runtime.exec.KernelRegistry;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.program.Instruction;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Offset;

/** Runs fused kernels through the registry, as the executor does, on two threads. */
final class KernelTestSupport {
    private KernelTestSupport() {}

    static Tensor run(String op, Map<String, Object> attributes, Tensor... inputs) {
        String[] names = new String[inputs.length];
        Arrays.setAll(names, i -> "in" + i);
        Instruction instruction =
                new Instruction("test", op, List.of(names), List.of("out"), Attributes.of(attributes));
        try (ComputePool pool = ComputePool.create(2)) {
            return KernelRegistry.create(instruction).execute(inputs, new ExecutionContext(pool))[0];
        }
    }

    /** Runs a kernel built directly (to pick an implementation) on two threads. */
    static Tensor run(io.github.espalier.runtime.exec.Kernel kernel, Tensor... inputs) {
        try (ComputePool pool = ComputePool.create(2)) {
            return kernel.execute(inputs, new ExecutionContext(pool))[0];
        }
    }

    static float[] random(int size, long seed, float scale) {
        Random random = new Random(seed);
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (random.nextFloat() * 2 - 1) * scale;
        }
        return values;
    }

    static void assertClose(float[] actual, double[] expected, double relative) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < actual.length; i++) {
            assertThat((double) actual[i])
                    .as("element %d", i)
                    .isCloseTo(expected[i], Offset.offset(relative * (1e-2 + Math.abs(expected[i]))));
        }
    }
}
