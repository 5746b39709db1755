package io.github.espalier.runtime.exec.fused;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.exec.ExecutionContext;
import io.github.espalier.runtime.exec.Kernel;
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

    LayerNormKernel(Attributes attributes) {
        this.epsilon = attributes.getFloat("epsilon", 1e-5f);
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
        Tensor result = Tensor.allocate(DType.FLOAT, x.shape());
        float[] out = result.heapFloats();
        int rows = FloatData.rows(x, width);
        int tasks = (rows + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        context.pool().parallelFor(tasks, task -> {
            int end = Math.min(rows, (task + 1) * ROWS_PER_TASK);
            for (int r = task * ROWS_PER_TASK; r < end; r++) {
                normalizeRow(in, out, r * width, width, gamma, beta);
            }
        });
        return new Tensor[] {result};
    }

    private void normalizeRow(float[] in, float[] out, int offset, int width, float[] gamma, float[] beta) {
        float sum = 0;
        for (int i = 0; i < width; i++) {
            sum += in[offset + i];
        }
        float mean = sum / width;
        float squares = 0;
        for (int i = 0; i < width; i++) {
            float d = in[offset + i] - mean;
            squares += d * d;
        }
        float inverseStd = (float) (1.0 / Math.sqrt(squares / width + epsilon));
        for (int i = 0; i < width; i++) {
            float y = (in[offset + i] - mean) * inverseStd * gamma[i];
            out[offset + i] = beta == null ? y : y + beta[i];
        }
    }
}
