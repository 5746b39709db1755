package io.github.espalier.runtime.exec.kernels;

import static io.github.espalier.runtime.exec.kernels.Kernels.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnaryKernelsTest {
    @Test
    void erfMatchesTabulatedValues() {
        // erf(0), erf(0.5), erf(1), erf(-2), erf(3) from Abramowitz & Stegun table 7.1
        float[] y = run("Erf", floats(shape(5), 0, 0.5f, 1, -2, 3)).toFloatArray();
        double[] expected = {0, 0.5204998778, 0.8427007929, -0.9953222650, 0.9999779095};
        for (int i = 0; i < y.length; i++) {
            assertThat((double) y[i]).isCloseTo(expected[i], within(2e-7));
        }
    }

    @Test
    void elementwiseFunctions() {
        Tensor x = floats(shape(3), -1, 0, 4);
        assertThat(run("Relu", x).toFloatArray()).containsExactly(0, 0, 4);
        assertThat(run("Neg", x).toFloatArray()).containsExactly(1, -0f, -4);
        assertThat(run("Sqrt", floats(shape(2), 4, 9)).toFloatArray()).containsExactly(2, 3);
        assertThat(run("Exp", x).toFloatArray()).containsExactly((float) Math.exp(-1), 1, (float) Math.exp(4));
        assertThat(run("Tanh", x).toFloatArray()).containsExactly((float) Math.tanh(-1), 0, (float) Math.tanh(4));
        assertThat(run("Sigmoid", x).toFloatArray())
                .containsExactly((float) (1 / (1 + Math.exp(1))), 0.5f, (float) (1 / (1 + Math.exp(-4))));
        assertThat(run("Neg", longs(3, -4)).toLongArray()).containsExactly(-3, 4);
        assertThat(toBytes(run("Not", bools(shape(2), 1, 0)))).containsExactly(0, 1);
    }

    @Test
    void geluExactAndTanh() {
        Tensor x = floats(shape(3), -1, 0, 2);
        // 0.5 x (1 + erf(x / sqrt 2)) with erf(1/sqrt 2) = 0.6826894921, erf(sqrt 2) = 0.9544997361
        assertThat(run("Gelu", x).toFloatArray())
                .containsExactly(new float[] {-0.15865526f, 0, 1.9544997f}, within(1e-6f));
        float[] tanh = run("Gelu", Map.of("approximate", "tanh"), x).toFloatArray();
        for (int i = 0; i < 3; i++) {
            double v = x.getFloat(i);
            double expected = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
            assertThat((double) tanh[i]).isCloseTo(expected, within(1e-6));
        }
    }

    @Test
    void castBetweenTypes() {
        Tensor x = floats(shape(4), 1.9f, -1.9f, 0, 300);
        assertThat(run("Cast", Map.of("to", 7L), x).toLongArray()).containsExactly(1, -1, 0, 300);
        assertThat(toBytes(run("Cast", Map.of("to", 9L), x))).containsExactly(1, 1, 0, 1);
        assertThat(toBytes(run("Cast", Map.of("to", 2L), x))).containsExactly(1, -1, 0, (byte) 300);
        Tensor fromBytes = Tensor.ofBytes(DType.UINT8, new byte[] {(byte) 200, 1}, 2);
        assertThat(run("Cast", Map.of("to", 1L), fromBytes).toFloatArray()).containsExactly(200, 1);
        assertThat(toInts(run("Cast", Map.of("to", 6L), longs(5, -6)))).containsExactly(5, -6);
        Tensor asDouble = run("Cast", Map.of("to", 11L), floats(shape(1), 0.5f));
        assertThat(asDouble.dtype()).isEqualTo(DType.DOUBLE);
        assertThat(run("Cast", Map.of("to", 1L), asDouble).toFloatArray()).containsExactly(0.5f);
    }

    /** The direct path behind every MatMulInteger: int32 to float, rounding to nearest beyond 2^24. */
    @Test
    void castInt32ToFloat() {
        Tensor x = Tensor.ofInts(new int[] {0, -7, 16_777_217, Integer.MIN_VALUE, 123_456}, 5, 1);
        Tensor y = run("Cast", Map.of("to", 1L), x);
        assertThat(y.shape()).containsExactly(5, 1);
        assertThat(y.toFloatArray()).containsExactly(0f, -7f, 16_777_216f, -2.1474836E9f, 123_456f);
    }
}
