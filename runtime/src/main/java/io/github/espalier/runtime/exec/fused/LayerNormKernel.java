package io.github.espalier.runtime.exec.fused;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.exec.ExecutionContext;
import io.github.espalier.runtime.exec.Kernel;
import io.github.espalier.runtime.exec.linalg.VectorOps;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Arrays;

/**
 * {@code espalier.LayerNorm(x, gamma, beta?, residual?; epsilon)}: normalizes x over its last axis,
 * {@code (x - mean) / sqrt(var + epsilon) * gamma + beta}, with gamma and beta of the last axis' size. With a
 * residual (x's shape), it normalizes {@code x + residual}: a transformer's skip connection, summed row by
 * row as it is normalized instead of in a pass of its own.
 */
final class LayerNormKernel implements Kernel {
    static final String OP = "espalier.LayerNorm";
    private static final int ROWS_PER_TASK = 16;

    private final float epsilon;
    private final VectorOps ops;

    LayerNormKernel(Attributes attributes, VectorOps ops) {
        this.epsilon = attributes.getFloat("epsilon", 1e-5f);
        this.ops = ops;
    }

    @Override
    public Tensor[] execute(Tensor[] inputs, ExecutionContext context) {
        Tensor x = inputs[0];
        int width = Math.toIntExact(x.dim(-1));
        float[] in = FloatData.read(x, OP, "x");
        float[] gamma = FloatData.read(inputs[1], OP, "gamma");
        float[] beta = inputs.length > 2 && inputs[2] != null ? FloatData.read(inputs[2], OP, "beta") : null;
        if (gamma.length != width || (beta != null && beta.length != width)) {
            throw new EspalierException(OP + ": gamma/beta must have the size of x's last axis " + width);
        }
        Tensor residualInput = inputs.length > 3 ? inputs[3] : null;
        if (residualInput != null && !Arrays.equals(residualInput.shape(), x.shape())) {
            throw new EspalierException(OP + ": residual of shape " + Arrays.toString(residualInput.shape())
                    + " must have x's shape " + Arrays.toString(x.shape()));
        }
        float[] residual = residualInput == null ? null : FloatData.read(residualInput, OP, "residual");
        Tensor result = context.arena().output(DType.FLOAT, x.shape());
        float[] out = result.heapFloats();
        int rows = FloatData.rows(x, width);
        int tasks = (rows + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        context.pool().parallelFor(tasks, task -> {
            int end = Math.min(rows, (task + 1) * ROWS_PER_TASK);
            for (int r = task * ROWS_PER_TASK; r < end; r++) {
                int offset = r * width;
                if (residual == null) {
                    ops.normalizeRow(in, offset, out, offset, gamma, beta, epsilon);
                } else {
                    // residual + 1·x rounds as residual + x does, in Add or here
                    System.arraycopy(residual, offset, out, offset, width);
                    ops.axpy(1f, in, offset, out, offset, width);
                    ops.normalizeRow(out, offset, out, offset, gamma, beta, epsilon);
                }
            }
        });
        return new Tensor[] {result};
    }
}
