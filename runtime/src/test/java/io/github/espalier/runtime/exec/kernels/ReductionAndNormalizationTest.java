package io.github.espalier.runtime.exec.kernels;

import static io.github.espalier.runtime.exec.kernels.Kernels.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.espalier.runtime.tensor.Tensor;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReductionAndNormalizationTest {
    private static final Tensor X = floats(shape(2, 3), 1, 2, 3, 4, 5, 6);

    @Test
    void reduceMeanOverLastAxisKeepsDims() {
        Tensor y = run("ReduceMean", Map.of("axes", new long[] {-1}, "opset", 11L), X);
        assertThat(y.shape()).containsExactly(2, 1);
        assertThat(y.toFloatArray()).containsExactly(2, 5);
    }

    @Test
    void reduceSumWithAxesInputAndNoKeepDims() {
        Tensor y = run("ReduceSum", Map.of("keepdims", 0L), X, longs(0));
        assertThat(y.shape()).containsExactly(3);
        assertThat(y.toFloatArray()).containsExactly(5, 7, 9);
        Tensor all = run("ReduceSum", Map.of("keepdims", 0L), X);
        assertThat(all.rank()).isZero();
        assertThat(all.toFloatArray()).containsExactly(21);
        assertThat(run("ReduceMean", Map.of("noop_with_empty_axes", 1L), X)).isSameAs(X);
        assertThat(run("ReduceMean", X).toFloatArray()).containsExactly(3.5f);
    }

    @Test
    void softmaxOverLastAxis() {
        float[] y = run("Softmax", Map.of("axis", -1L), floats(shape(1, 3), 1, 2, 3))
                .toFloatArray();
        double sum = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertThat(y)
                .containsExactly(
                        new float[] {
                            (float) (Math.exp(1) / sum), (float) (Math.exp(2) / sum), (float) (Math.exp(3) / sum)
                        },
                        within(1e-7f));
    }

    /** Opset 11 flattens at axis 1 and normalizes the whole [3, 2] block; opset 13 normalizes axis 1 only. */
    @Test
    void softmaxOpsetSemanticsDiffer() {
        Tensor x = floats(shape(1, 2, 2), 0, 0, 0, 0);
        assertThat(run("Softmax", Map.of("axis", 1L, "opset", 11L), x).toFloatArray())
                .containsExactly(0.25f, 0.25f, 0.25f, 0.25f);
        assertThat(run("Softmax", Map.of("axis", 1L, "opset", 13L), x).toFloatArray())
                .containsExactly(0.5f, 0.5f, 0.5f, 0.5f);
        Tensor columns = run("Softmax", Map.of("axis", 0L, "opset", 13L), floats(shape(2, 2), 0, 1, 0, 3));
        assertThat(columns.toFloatArray())
                .containsExactly(
                        new float[] {
                            0.5f,
                            (float) (Math.exp(1) / (Math.exp(1) + Math.exp(3))),
                            0.5f,
                            (float) (Math.exp(3) / (Math.exp(1) + Math.exp(3)))
                        },
                        within(1e-7f));
    }

    @Test
    void layerNormalizationMatchesReference() {
        Random random = new Random(3);
        float[] x = random(random, 4 * 8);
        float[] scale = random(random, 8);
        float[] bias = random(random, 8);
        Tensor[] out = runAll(
                "LayerNormalization",
                Map.of("epsilon", 1e-3f),
                floats(shape(4, 8), x),
                floats(shape(8), scale),
                floats(shape(8), bias));
        float[] y = out[0].toFloatArray();
        for (int r = 0; r < 4; r++) {
            double mean = 0;
            for (int k = 0; k < 8; k++) {
                mean += x[r * 8 + k] / 8.0;
            }
            double variance = 0;
            for (int k = 0; k < 8; k++) {
                variance += Math.pow(x[r * 8 + k] - mean, 2) / 8;
            }
            for (int k = 0; k < 8; k++) {
                double expected = (x[r * 8 + k] - mean) / Math.sqrt(variance + 1e-3) * scale[k] + bias[k];
                assertThat((double) y[r * 8 + k]).isCloseTo(expected, within(1e-5));
            }
            assertThat((double) out[1].getFloat(r)).isCloseTo(mean, within(1e-6));
        }
        assertThat(out[1].shape()).containsExactly(4, 1);
    }
}
