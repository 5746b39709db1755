package io.github.espalier.runtime.exec.fused;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.exec.ExecutionContext;
import io.github.espalier.runtime.exec.Kernel;
import io.github.espalier.runtime.exec.linalg.VectorOps;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;

/**
 * {@code espalier.LayerNorm(x, gamma, beta?; epsilon)}: normalizes x over its last axis,
 * {@code (x - mean) / sqrt(var + epsilon) * gamma + beta}, with gamma and beta of the last axis' size.
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
        Tensor result = context.arena().output(DType.FLOAT, x.shape());
        float[] out = result.heapFloats();
        int rows = FloatData.rows(x, width);
        int tasks = (rows + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        context.pool().parallelFor(tasks, task -> {
            int end = Math.min(rows, (task + 1) * ROWS_PER_TASK);
            for (int r = task * ROWS_PER_TASK; r < end; r++) {
                ops.normalizeRow(in, r * width, out, r * width, gamma, beta, epsilon);
            }
        });
        return new Tensor[] {result};
    }
}
