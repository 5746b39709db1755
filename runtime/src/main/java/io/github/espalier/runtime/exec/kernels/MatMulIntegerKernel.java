package io.github.espalier.runtime.exec.kernels;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.exec.ExecutionContext;
import io.github.espalier.runtime.exec.Kernel;
import io.github.espalier.runtime.exec.linalg.IntegerGemm;
import io.github.espalier.runtime.exec.linalg.IntegerPanels;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * MatMulInteger: {@code (A - a_zero_point) x (B - b_zero_point)} in int32, A and B uint8 or int8, the zero
 * points scalar or per row of A / per column of B. Runs on {@link IntegerGemm}, exact.
 */
final class MatMulIntegerKernel implements Kernel {
    private final IntegerGemm gemm;
    /** B's panels, kept while B is the same tensor: B is a weight, the same on every run. */
    private volatile PackedRight right;

    private record PackedRight(Tensor matrix, Tensor zeroPoint, IntegerPanels[] matrices) {}

    MatMulIntegerKernel(IntegerGemm gemm) {
        this.gemm = gemm;
    }

    @Override
    public Tensor[] execute(Tensor[] inputs, ExecutionContext context) {
        Tensor a = inputs[0];
        Tensor b = inputs[1];
        Tensor bZeroPoint = inputs.length > 3 ? inputs[3] : null;
        MatMulShape g = MatMulShape.of(a.shape(), b.shape());
        IntegerPanels[] rightMatrices = rightMatrices(b, bZeroPoint, g);
        Tensor leftScratch = context.arena().output(DType.FLOAT, a.shape());
        float[] left = centered(a, inputs.length > 2 ? inputs[2] : null, g.k(), g.m(), leftScratch.heapFloats());
        Tensor result = context.arena().output(DType.INT32, g.outShape());
        int[] c = (int[]) result.data().heapBase().orElseThrow();
        if (rightMatrices.length == 1) {
            // One B: A's batches are its own, so all rows of A form one product.
            gemm.multiply(left, g.batches() * g.m(), rightMatrices[0], c, 0, context);
        } else {
            for (int batch = 0; batch < g.batches(); batch++) {
                int aStart = g.aRowStart(batch * g.m());
                float[] aMatrix = Arrays.copyOfRange(left, aStart, aStart + g.m() * g.k());
                IntegerPanels bMatrix = rightMatrices[g.bIndex()[batch]];
                gemm.multiply(aMatrix, g.m(), bMatrix, c, batch * g.m() * g.n(), context);
            }
        }
        context.arena().recycle(leftScratch);
        return new Tensor[] {result};
    }

    private IntegerPanels[] rightMatrices(Tensor b, Tensor zeroPoint, MatMulShape g) {
        PackedRight cached = right;
        if (cached != null && cached.matrix() == b && cached.zeroPoint() == zeroPoint) {
            return cached.matrices();
        }
        float[] values = centered(b, zeroPoint, 1, g.n(), new float[TensorData.count(b)]);
        int size = g.k() * g.n();
        IntegerPanels[] matrices = new IntegerPanels[size == 0 ? 1 : values.length / size];
        for (int i = 0; i < matrices.length; i++) {
            float[] matrix = Arrays.copyOfRange(values, i * size, (i + 1) * size);
            matrices[i] = IntegerPanels.pack(matrix, g.k(), g.n());
        }
        right = new PackedRight(b, zeroPoint, matrices);
        return matrices;
    }

    /**
     * The elements of a quantized matrix minus their zero point, as floats into {@code out} (of the matrix's
     * size); a per-channel zero point applies
     * to channel {@code (i / step) % channels} (rows of A: step K, channels M; columns of B: step 1, channels N).
     */
    private static float[] centered(Tensor matrix, Tensor zeroPoint, int step, int channels, float[] out) {
        if (matrix.dtype() != DType.UINT8 && matrix.dtype() != DType.INT8) {
            throw new EspalierException("MatMulInteger needs UINT8 or INT8 inputs, got " + matrix);
        }
        long[] zero = zeroPoint == null ? new long[] {0} : TensorData.longs(zeroPoint);
        if (zero.length != 1 && zero.length != channels) {
            throw new EspalierException(
                    "MatMulInteger zero point " + zeroPoint + " must be a scalar or hold " + channels + " values");
        }
        MemorySegment data = matrix.data();
        int mask = matrix.dtype() == DType.UINT8 ? 0xFF : -1;
        if (zero.length == 1) {
            int scalarZero = (int) zero[0];
            for (int i = 0; i < out.length; i++) {
                out[i] = (data.get(ValueLayout.JAVA_BYTE, i) & mask) - scalarZero;
            }
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = (data.get(ValueLayout.JAVA_BYTE, i) & mask) - (int) zero[(i / step) % channels];
        }
        return out;
    }
}
