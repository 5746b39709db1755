package io.github.espalier.runtime.exec.kernels;

import static io.github.espalier.runtime.exec.kernels.Kernels.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.exec.ExecutionContext;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MatMulKernelsTest {
    private final Random random = new Random(11);

    @Test
    void attentionSizedBatchedProductOnTwoThreadsMatchesReference() {
        float[] a = random(random, 12 * 128 * 32);
        float[] b = random(random, 12 * 32 * 128);
        Tensor y;
        try (ComputePool pool = ComputePool.create(2)) {
            y = runAll(
                    "MatMul",
                    Map.of(),
                    new ExecutionContext(pool),
                    floats(shape(1, 12, 128, 32), a),
                    floats(shape(1, 12, 32, 128), b))[0];
        }
        assertThat(y.shape()).containsExactly(1, 12, 128, 128);
        float[] actual = y.toFloatArray();
        for (int h = 0; h < 12; h++) {
            for (int i = 0; i < 128; i += 7) {
                for (int j = 0; j < 128; j += 5) {
                    double expected = 0;
                    for (int p = 0; p < 32; p++) {
                        expected += a[(h * 128 + i) * 32 + p] * b[(h * 32 + p) * 128 + j];
                    }
                    assertThat((double) actual[(h * 128 + i) * 128 + j]).isCloseTo(expected, within(1e-4));
                }
            }
        }
    }

    @Test
    void batchAxesBroadcast() {
        // A: [2, 1, 2, 3], B: [3, 3, 2] -> [2, 3, 2, 2]
        float[] a = random(random, 2 * 2 * 3);
        float[] b = random(random, 3 * 3 * 2);
        Tensor y = run("MatMul", floats(shape(2, 1, 2, 3), a), floats(shape(3, 3, 2), b));
        assertThat(y.shape()).containsExactly(2, 3, 2, 2);
        float[] actual = y.toFloatArray();
        for (int s = 0; s < 2; s++) {
            for (int t = 0; t < 3; t++) {
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 2; j++) {
                        double expected = 0;
                        for (int p = 0; p < 3; p++) {
                            expected += a[(s * 2 + i) * 3 + p] * b[(t * 3 + p) * 2 + j];
                        }
                        assertThat((double) actual[((s * 3 + t) * 2 + i) * 2 + j])
                                .isCloseTo(expected, within(1e-6));
                    }
                }
            }
        }
    }

    @Test
    void oneDimensionalOperands() {
        Tensor m = floats(shape(2, 3), 1, 2, 3, 4, 5, 6);
        Tensor v2 = floats(shape(2), 1, 1);
        Tensor v3 = floats(shape(3), 1, 0, -1);
        Tensor vm = run("MatMul", v2, m);
        assertThat(vm.shape()).containsExactly(3);
        assertThat(vm.toFloatArray()).containsExactly(5, 7, 9);
        Tensor mv = run("MatMul", m, v3);
        assertThat(mv.shape()).containsExactly(2);
        assertThat(mv.toFloatArray()).containsExactly(-2, -2);
        Tensor dot = run("MatMul", v3, floats(shape(3), 2, 5, 1));
        assertThat(dot.rank()).isZero();
        assertThat(dot.toFloatArray()).containsExactly(1);
    }

    @Test
    void gemmWithTransposesScalingAndBroadcastBias() {
        Tensor aT = floats(shape(3, 2), 1, 4, 2, 5, 3, 6); // A = [[1,2,3],[4,5,6]]
        Tensor bT = floats(shape(2, 3), 1, 0, 1, 0, 1, 1); // B = [[1,0],[0,1],[1,1]]
        Tensor c = floats(shape(2), 10, 20);
        Tensor y = run("Gemm", Map.of("transA", 1L, "transB", 1L, "alpha", 2f, "beta", 0.5f), aT, bT, c);
        // A x B = [[4, 5], [10, 11]]
        assertThat(y.shape()).containsExactly(2, 2);
        assertThat(y.toFloatArray()).containsExactly(13, 20, 25, 32);
        Tensor plain = run("Gemm", floats(shape(1, 2), 1, 2), floats(shape(2, 1), 3, 4));
        assertThat(plain.toFloatArray()).containsExactly(11);
    }
}
