package io.github.espalier.runtime.exec.kernels;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.exec.Kernel;
import io.github.espalier.runtime.exec.KernelFactory;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Map;

/** MatMul (numpy semantics) and Gemm on FLOAT tensors, as i-k-j loops over primitive arrays. */
final class MatMulKernels {
    private MatMulKernels() {}

    static void register(Map<String, KernelFactory> factories) {
        factories.put("MatMul", attributes -> (inputs, context) -> {
            MatMulShape geometry = MatMulShape.of(inputs[0].shape(), inputs[1].shape());
            float[] a = TensorData.floats(inputs[0]);
            float[] b = TensorData.floats(inputs[1]);
            float[] c = new float[geometry.batches() * geometry.m() * geometry.n()];
            geometry.forEachRow(context, row -> multiplyRow(geometry, a, b, c, row));
            return new Tensor[] {Tensor.ofFloats(c, geometry.outShape())};
        });
        factories.put("Gemm", MatMulKernels::gemm);
    }

    /** One output row: {@code C[batch][i][:] = sum over p of A[batch][i][p] * B[batch][p][:]}. */
    static void multiplyRow(MatMulShape g, float[] a, float[] b, float[] c, int row) {
        int k = g.k();
        int n = g.n();
        int aRow = g.aRowStart(row);
        int bMatrix = g.bMatrixStart(row);
        int cRow = row * n;
        for (int p = 0; p < k; p++) {
            float scale = a[aRow + p];
            int bRow = bMatrix + p * n;
            for (int j = 0; j < n; j++) {
                c[cRow + j] += scale * b[bRow + j];
            }
        }
    }

    /** Gemm: {@code Y = alpha * A' * B' + beta * C}, A' and B' optionally transposed, C broadcast to [M, N]. */
    private static Kernel gemm(Attributes attributes) {
        float alpha = attributes.getFloat("alpha", 1f);
        float beta = attributes.getFloat("beta", 1f);
        boolean transA = attributes.getLong("transA", 0) != 0;
        boolean transB = attributes.getLong("transB", 0) != 0;
        return (inputs, context) -> {
            if (inputs[0].rank() != 2 || inputs[1].rank() != 2) {
                throw new EspalierException("Gemm needs 2-D A and B, got " + inputs[0] + " and " + inputs[1]);
            }
            float[] a = transA ? transpose(inputs[0]) : TensorData.floats(inputs[0]);
            float[] b = transB ? transpose(inputs[1]) : TensorData.floats(inputs[1]);
            long[] aShape = transA ? new long[] {inputs[0].dim(1), inputs[0].dim(0)} : inputs[0].shape();
            long[] bShape = transB ? new long[] {inputs[1].dim(1), inputs[1].dim(0)} : inputs[1].shape();
            MatMulShape geometry = MatMulShape.of(aShape, bShape);
            float[] y = new float[geometry.m() * geometry.n()];
            geometry.forEachRow(context, row -> multiplyRow(geometry, a, b, y, row));
            Tensor c = inputs.length > 2 ? inputs[2] : null;
            int[] cIndex = c == null ? null : Broadcast.indexMap(c.shape(), geometry.outShape());
            float[] cValues = c == null ? null : TensorData.floats(c);
            for (int i = 0; i < y.length; i++) {
                y[i] = alpha * y[i] + (c == null ? 0 : beta * cValues[cIndex[i]]);
            }
            return new Tensor[] {Tensor.ofFloats(y, geometry.outShape())};
        };
    }

    private static float[] transpose(Tensor matrix) {
        int rows = (int) matrix.dim(0);
        int columns = (int) matrix.dim(1);
        float[] in = TensorData.floats(matrix);
        float[] out = new float[in.length];
        for (int r = 0; r < rows; r++) {
            for (int col = 0; col < columns; col++) {
                out[col * rows + r] = in[r * columns + col];
            }
        }
        return out;
    }
}
