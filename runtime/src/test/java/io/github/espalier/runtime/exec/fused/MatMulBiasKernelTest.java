package io.github.espalier.runtime.exec.fused;

import static io.github.espalier.runtime.exec.fused.KernelTestSupport.random;
import static io.github.espalier.runtime.exec.fused.KernelTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.runtime.exec.linalg.GeluReference;
import io.github.espalier.runtime.exec.linalg.Gemms;
import io.github.espalier.runtime.exec.linalg.PackedMatrix;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatMulBiasKernelTest {
    private static final int K = 45;
    private static final int N = 70;

    @ParameterizedTest
    @CsvSource({
        "none,false,preferred",
        "gelu,false,preferred",
        "none,true,preferred",
        "gelu,true,scalar",
        "gelu,true,vector-mul-add",
        "gelu,true,vector-fma"
    })
    void computesActivationOfProductPlusBias(String activation, boolean packed, String gemm) {
        float[] x = random(2 * 9 * K, 1, 1f);
        float[] w = random(K * N, 2, 0.3f);
        float[] bias = random(N, 3, 1f);
        Tensor weights = packed
                ? Tensor.ofFloats(PackedMatrix.pack(w, K, N).data(), PackedMatrix.panelCount(N), K, PackedMatrix.PANEL)
                : Tensor.ofFloats(w, K, N);
        Map<String, Object> attributes = packed
                ? Map.of("activation", activation, "packed", 1L, "k", (long) K, "n", (long) N)
                : Map.of("activation", activation);
        Tensor[] inputs = {Tensor.ofFloats(x, 2, 9, K), weights, Tensor.ofFloats(bias, N)};
        Tensor out =
                switch (gemm) {
                    case "preferred" -> run(FusedKernels.MATMUL_BIAS, attributes, inputs);
                    case "scalar" ->
                        run(new MatMulBiasKernel(Attributes.of(attributes), Gemms.scalar(), Gemms.scalarOps()), inputs);
                    case "vector-mul-add" ->
                        run(
                                new MatMulBiasKernel(
                                        Attributes.of(attributes), Gemms.vector(false), Gemms.vectorOps(false)),
                                inputs);
                    default ->
                        run(
                                new MatMulBiasKernel(
                                        Attributes.of(attributes), Gemms.vector(true), Gemms.vectorOps(true)),
                                inputs);
                };
        float[] actual = out.toFloatArray();
        assertThat(out.shape()).containsExactly(2, 9, N);
        for (int i = 0; i < 2 * 9; i++) {
            for (int j = 0; j < N; j++) {
                double sum = bias[j];
                double magnitude = Math.abs(bias[j]);
                for (int k = 0; k < K; k++) {
                    sum += (double) x[i * K + k] * w[k * N + j];
                    magnitude += Math.abs((double) x[i * K + k] * w[k * N + j]);
                }
                double expected = activation.equals("gelu") ? GeluReference.gelu(sum) : sum;
                // float rounding grows with the sum of |terms|, not with the (possibly cancelled) result
                assertThat((double) actual[i * N + j])
                        .as("row %d, column %d", i, j)
                        .isCloseTo(expected, Offset.offset(1e-6 * magnitude + 1e-6 * Math.abs(expected)));
            }
        }
    }
}
