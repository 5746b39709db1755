package io.github.espalier.runtime.exec.kernels;

import static io.github.espalier.runtime.exec.kernels.Kernels.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.exec.ExecutionContext;
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
        byte[] a = randomBytes(random, 2 * m * k);
        byte[] b = randomBytes(random, k * n);
        Tensor y = run(
                "MatMulInteger",
                Tensor.ofBytes(DType.UINT8, a, 2, m, k),
                Tensor.ofBytes(DType.INT8, b, k, n),
                Tensor.ofBytes(DType.UINT8, new byte[] {(byte) 130}),
                Tensor.ofBytes(DType.INT8, new byte[] {1, -2, 3, 0, 5}, n));
        assertThat(y.dtype()).isEqualTo(DType.INT32);
        assertThat(y.shape()).containsExactly(2, m, n);
        assertThat(toInts(y))
                .containsExactly(referenceMatMulInteger(
                        unsigned(a), signed(b), new int[] {130}, new int[] {1, -2, 3, 0, 5}, 2, 1, m, k, n));
    }

    /** Long K at the extremes of uint8 x int8 (partial sums beyond 2^24), odd sizes, two threads. */
    @Test
    void matMulIntegerIsExactForLongRowsOfExtremeValues() {
        Random random = new Random(7);
        int m = 37;
        int k = 1537;
        int n = 45;
        byte[] a = randomBytes(random, m * k);
        byte[] b = randomBytes(random, k * n);
        for (int i = 0; i < a.length; i += 2) {
            a[i] = 0;
            b[i % b.length] = 127;
        }
        Tensor[] y = runAll(
                "MatMulInteger",
                Map.of(),
                new ExecutionContext(ComputePool.create(2)),
                Tensor.ofBytes(DType.UINT8, a, m, k),
                Tensor.ofBytes(DType.INT8, b, k, n),
                Tensor.ofBytes(DType.UINT8, new byte[] {(byte) 255}));
        assertThat(toInts(y[0]))
                .containsExactly(
                        referenceMatMulInteger(unsigned(a), signed(b), new int[] {255}, new int[] {0}, 1, 1, m, k, n));
    }

    /** Batched B (A broadcast against it) and a per-row zero point of A. */
    @Test
    void matMulIntegerWithBatchedRightOperand() {
        Random random = new Random(9);
        int m = 2;
        int k = 6;
        int n = 3;
        byte[] a = randomBytes(random, m * k);
        byte[] b = randomBytes(random, 3 * k * n);
        Tensor y = run(
                "MatMulInteger",
                Tensor.ofBytes(DType.UINT8, a, m, k),
                Tensor.ofBytes(DType.UINT8, b, 3, k, n),
                Tensor.ofBytes(DType.UINT8, new byte[] {7, (byte) 200}, m),
                Tensor.ofBytes(DType.UINT8, new byte[] {(byte) 128}));
        assertThat(y.shape()).containsExactly(3, m, n);
        assertThat(toInts(y))
                .containsExactly(referenceMatMulInteger(
                        unsigned(a), unsigned(b), new int[] {7, 200}, new int[] {128}, 3, 0, m, k, n));
    }

    /**
     * Int reference for A [m, k] (shared by all batches when {@code aBatchStride} is 0, else one per batch)
     * times B [batches, k, n], zero points per row of A / column of B or scalar.
     */
    private static int[] referenceMatMulInteger(
            int[] a, int[] b, int[] aZero, int[] bZero, int batches, int aBatchStride, int m, int k, int n) {
        int[] c = new int[batches * m * n];
        int bBatchStride = b.length == k * n ? 0 : 1;
        for (int s = 0; s < batches; s++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int sum = 0;
                    for (int p = 0; p < k; p++) {
                        int left = a[(s * aBatchStride * m + i) * k + p] - aZero[aZero.length == 1 ? 0 : i];
                        int right = b[(s * bBatchStride * k + p) * n + j] - bZero[bZero.length == 1 ? 0 : j];
                        sum += left * right;
                    }
                    c[(s * m + i) * n + j] = sum;
                }
            }
        }
        return c;
    }

    private static byte[] randomBytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static int[] unsigned(byte[] bytes) {
        int[] values = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            values[i] = Byte.toUnsignedInt(bytes[i]);
        }
        return values;
    }

    private static int[] signed(byte[] bytes) {
        int[] values = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            values[i] = bytes[i];
        }
        return values;
    }

    private static int[] unsigned(Tensor t) {
        return unsigned(toBytes(t));
    }
}
