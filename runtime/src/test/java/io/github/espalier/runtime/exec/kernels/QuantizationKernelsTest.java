package io.github.espalier.runtime.exec.kernels;

import static io.github.espalier.runtime.exec.kernels.Kernels.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuantizationKernelsTest {
    @Test
    void dequantizePerTensor() {
        Tensor x = Tensor.ofBytes(DType.UINT8, new byte[] {0, 3, (byte) 128, (byte) 255}, 4);
        Tensor zero = Tensor.ofBytes(DType.UINT8, new byte[] {(byte) 128});
        Tensor y = run("DequantizeLinear", x, scalar(2), zero);
        assertThat(y.toFloatArray()).containsExactly(-256, -250, 0, 254);
        Tensor signed = run("DequantizeLinear", Tensor.ofBytes(DType.INT8, new byte[] {-4, 4}, 2), scalar(0.5f));
        assertThat(signed.toFloatArray()).containsExactly(-2, 2);
    }

    @Test
    void dequantizePerAxis() {
        Tensor x = Tensor.ofBytes(DType.INT8, new byte[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor scales = floats(shape(3), 1, 10, 100);
        Tensor zeros = Tensor.ofBytes(DType.INT8, new byte[] {0, 1, 2}, 3);
        assertThat(run("DequantizeLinear", x, scales, zeros).toFloatArray()).containsExactly(1, 10, 100, 4, 40, 400);
        Tensor rows = run("DequantizeLinear", Map.of("axis", 0L), x, floats(shape(2), 1, -1));
        assertThat(rows.toFloatArray()).containsExactly(1, 2, 3, -4, -5, -6);
    }

    /** The example of the ONNX operator documentation. */
    @Test
    void dynamicQuantizeSpecExample() {
        Tensor[] out = runAll("DynamicQuantizeLinear", Map.of(), floats(shape(6), 0, 2, -3, -2.5f, 1.34f, 0.5f));
        assertThat(out[0].dtype()).isEqualTo(DType.UINT8);
        assertThat(unsigned(out[0])).containsExactly(153, 255, 0, 26, 221, 179);
        assertThat(out[1].toFloatArray()).containsExactly(5f / 255);
        assertThat(unsigned(out[2])).containsExactly(153);
    }

    /**
     * min = -1, max = 101: scale = 0.4, and -min / scale = 2.5 rounds half to even to 2 (not 3); the
     * elements land on -2.5, 252.5, 0.5 and 1.5 before the zero point, rounding to -2, 252, 0 and 2.
     */
    @Test
    void dynamicQuantizeRoundsHalfToEven() {
        Tensor[] out = runAll("DynamicQuantizeLinear", Map.of(), floats(shape(2, 2), -1, 101, 0.2f, 0.6f));
        assertThat(out[1].toFloatArray()).containsExactly(0.4f);
        assertThat(unsigned(out[2])).containsExactly(2);
        assertThat(unsigned(out[0])).containsExactly(0, 254, 2, 4);
        assertThat(out[0].shape()).containsExactly(2, 2);
    }

    @Test
    void dynamicQuantizeOfZerosIsZero() {
        Tensor[] out = runAll("DynamicQuantizeLinear", Map.of(), floats(shape(2), 0, 0));
        assertThat(unsigned(out[0])).containsExactly(0, 0);
        assertThat(unsigned(out[2])).containsExactly(0);
    }

    @Test
    void matMulIntegerWithScalarAndPerColumnZeroPoints() {
        Random random = new Random(5);
        int m = 3;
        int k = 4;
        int n = 5;
        byte[] a = new byte[2 * m * k];
        byte[] b = new byte[k * n];
        random.nextBytes(a);
        random.nextBytes(b);
        byte[] bZero = {1, -2, 3, 0, 5};
        Tensor y = run(
                "MatMulInteger",
                Tensor.ofBytes(DType.UINT8, a, 2, m, k),
                Tensor.ofBytes(DType.INT8, b, k, n),
                Tensor.ofBytes(DType.UINT8, new byte[] {(byte) 130}),
                Tensor.ofBytes(DType.INT8, bZero, n));
        assertThat(y.dtype()).isEqualTo(DType.INT32);
        assertThat(y.shape()).containsExactly(2, m, n);
        int[] actual = toInts(y);
        for (int s = 0; s < 2; s++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int expected = 0;
                    for (int p = 0; p < k; p++) {
                        expected += (Byte.toUnsignedInt(a[(s * m + i) * k + p]) - 130) * (b[p * n + j] - bZero[j]);
                    }
                    assertThat(actual[(s * m + i) * n + j]).isEqualTo(expected);
                }
            }
        }
    }

    private static int[] unsigned(Tensor t) {
        byte[] bytes = toBytes(t);
        int[] values = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            values[i] = Byte.toUnsignedInt(bytes[i]);
        }
        return values;
    }
}
