package io.github.espalier.runtime.exec.fused;

import static io.github.espalier.runtime.exec.fused.KernelTestSupport.assertClose;
import static io.github.espalier.runtime.exec.fused.KernelTestSupport.random;
import static io.github.espalier.runtime.exec.fused.KernelTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.exec.linalg.Gemms;
import io.github.espalier.runtime.exec.linalg.VectorOps;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayerNormKernelTest {
    private static final int WIDTH = 37;

    @Test
    void normalizesTheLastAxisWithScaleAndShift() {
        float[] x = random(2 * 21 * WIDTH, 1, 3f);
        float[] gamma = random(WIDTH, 2, 1f);
        float[] beta = random(WIDTH, 3, 1f);
        Tensor out = run(
                FusedKernels.LAYER_NORM,
                Map.of("epsilon", 1e-12f),
                Tensor.ofFloats(x, 2, 21, WIDTH),
                Tensor.ofFloats(gamma, WIDTH),
                Tensor.ofFloats(beta, WIDTH));
        assertClose(out.toFloatArray(), reference(x, gamma, beta, 1e-12), 1e-5);
    }

    @Test
    void everyLevelOneImplementationNormalizesTheSame() {
        float[] x = random(5 * WIDTH, 6, 2f);
        float[] gamma = random(WIDTH, 7, 1f);
        float[] beta = random(WIDTH, 8, 1f);
        Attributes attributes = Attributes.of(Map.of("epsilon", 1e-6f));
        for (VectorOps ops : List.of(Gemms.scalarOps(), Gemms.vectorOps(false), Gemms.vectorOps(true))) {
            Tensor out = run(
                    new LayerNormKernel(attributes, ops),
                    Tensor.ofFloats(x, 5, WIDTH),
                    Tensor.ofFloats(gamma, WIDTH),
                    Tensor.ofFloats(beta, WIDTH));
            assertClose(out.toFloatArray(), reference(x, gamma, beta, 1e-6), 1e-5);
        }
    }

    @Test
    void betaIsOptional() {
        float[] x = random(3 * WIDTH, 4, 1f);
        float[] gamma = random(WIDTH, 5, 1f);
        Tensor out = run(
                FusedKernels.LAYER_NORM,
                Map.of("epsilon", 1e-5f),
                Tensor.ofFloats(x, 3, WIDTH),
                Tensor.ofFloats(gamma, WIDTH),
                null);
        assertClose(out.toFloatArray(), reference(x, gamma, new float[WIDTH], 1e-5), 1e-5);
    }

    @Test
    void aResidualIsSummedAsAnAddBeforeItWouldBe() {
        float[] x = random(6 * WIDTH, 9, 2f);
        float[] residual = random(6 * WIDTH, 10, 2f);
        float[] gamma = random(WIDTH, 11, 1f);
        float[] beta = random(WIDTH, 12, 1f);
        float[] sum = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            sum[i] = x[i] + residual[i];
        }
        Attributes attributes = Attributes.of(Map.of("epsilon", 1e-6f));
        for (VectorOps ops : List.of(Gemms.scalarOps(), Gemms.vectorOps(false), Gemms.vectorOps(true))) {
            LayerNormKernel kernel = new LayerNormKernel(attributes, ops);
            Tensor gammaTensor = Tensor.ofFloats(gamma, WIDTH);
            Tensor betaTensor = Tensor.ofFloats(beta, WIDTH);
            Tensor fused = run(
                    kernel,
                    Tensor.ofFloats(x, 2, 3, WIDTH),
                    gammaTensor,
                    betaTensor,
                    Tensor.ofFloats(residual, 2, 3, WIDTH));
            Tensor separate = run(kernel, Tensor.ofFloats(sum, 2, 3, WIDTH), gammaTensor, betaTensor);
            assertThat(fused.toFloatArray()).containsExactly(separate.toFloatArray());
        }
    }

    @Test
    void aResidualOfAnotherShapeIsRefused() {
        assertThatThrownBy(() -> run(
                        FusedKernels.LAYER_NORM,
                        Map.of(),
                        Tensor.ofFloats(new float[2 * WIDTH], 2, WIDTH),
                        Tensor.ofFloats(new float[WIDTH], WIDTH),
                        null,
                        Tensor.ofFloats(new float[WIDTH], 1, WIDTH)))
                .isInstanceOf(EspalierException.class)
                .hasMessageContaining("residual of shape [1, 37] must have x's shape [2, 37]");
    }

    private static double[] reference(float[] x, float[] gamma, float[] beta, double epsilon) {
        double[] out = new double[x.length];
        for (int row = 0; row < x.length / WIDTH; row++) {
            double mean = 0;
            for (int i = 0; i < WIDTH; i++) {
                mean += x[row * WIDTH + i];
            }
            mean /= WIDTH;
            double variance = 0;
            for (int i = 0; i < WIDTH; i++) {
                variance += Math.pow(x[row * WIDTH + i] - mean, 2);
            }
            variance /= WIDTH;
            for (int i = 0; i < WIDTH; i++) {
                out[row * WIDTH + i] = (x[row * WIDTH + i] - mean) / Math.sqrt(variance + epsilon) * gamma[i] + beta[i];
            }
        }
        return out;
    }
}
