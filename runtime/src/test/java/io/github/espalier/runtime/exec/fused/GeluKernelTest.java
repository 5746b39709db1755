package io.github.espalier.runtime.exec.fused;

import static io.github.espalier.runtime.exec.fused.KernelTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.runtime.tensor.Tensor;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class GeluKernelTest {
    @Test
    void matchesAnIndependentErfReferenceToFloatPrecision() {
        int count = 4001;
        float[] x = new float[count];
        for (int i = 0; i < count; i++) {
            x[i] = -8f + 16f * i / (count - 1);
        }
        float[] out =
                run(FusedKernels.GELU, Map.of(), Tensor.ofFloats(x, count)).toFloatArray();
        for (int i = 0; i < count; i++) {
            double expected = referenceGelu(x[i]);
            assertThat((double) out[i])
                    .as("gelu(%s)", x[i])
                    .isCloseTo(expected, Offset.offset(3e-7 * Math.abs(expected) + 1e-30));
        }
    }

    /** 0.5 x erfc(-x / sqrt 2), with erfc from its Taylor series (small z) or continued fraction (large z). */
    static double referenceGelu(double x) {
        double z = Math.abs(x) / Math.sqrt(2);
        double erfc = z < 2 ? 1 - erfSeries(z) : erfcContinuedFraction(z);
        return 0.5 * x * (x >= 0 ? 2 - erfc : erfc);
    }

    private static double erfSeries(double z) {
        double sum = 0;
        double term = z;
        for (int n = 0; n < 60; n++) {
            sum += term / (2 * n + 1);
            term *= -z * z / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    private static double erfcContinuedFraction(double z) {
        double f = z;
        for (int n = 200; n >= 1; n--) {
            f = z + (n / 2.0) / f;
        }
        return Math.exp(-z * z) / (Math.sqrt(Math.PI) * f);
    }
}
