package io.github.espalier.runtime.exec.fused;

import static io.github.espalier.runtime.exec.fused.KernelTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.runtime.exec.linalg.GeluReference;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class GeluKernelTest {
    /** Relative 3e-6 (the vector form's float exponent), absolute 1e-12 where GELU vanishes (x < -7). */
    @Test
    void matchesAnIndependentErfReference() {
        int count = 4001;
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = -8f + 16f * i / (count - 1);
        }
        float[] out =
                run(FusedKernels.GELU, Map.of(), Tensor.ofFloats(x, count)).toFloatArray();
        for (int i = 0; i < count; i++) {
            double expected = GeluReference.gelu(x[i]);
            assertThat((double) out[i])
                    .as("gelu(%s)", x[i])
                    .isCloseTo(expected, Offset.offset(3e-6 * Math.abs(expected) + 1e-12));
        }
    }
}
