package io.github.espalier.compiler.distill;

import io.github.espalier.runtime.exec.ComputePool;
import java.util.function.UnaryOperator;

/**
 * Layer normalization over the last axis, {@code y = x̂·γ + β} with {@code x̂ = (x − mean) / sqrt(var + ε)};
 * the forward pass keeps x̂ and 1/sqrt(var + ε) for the backward pass. Rows are split over the pool, and the
 * parameter gradients over columns, so each sum runs in one fixed order.
 */
final class LayerNorm {
    /** Columns of dγ and dβ per task. */
    private static final int COLUMN_BLOCK = 32;

    private final Parameter gamma;
    private final Parameter beta;
    private final float epsilon;
    private final ComputePool pool;

    /** The forward pass's output and what its backward pass needs. */
    record Normalized(float[] output, float[] normalized, float[] inverseDeviation) {}

    LayerNorm(Parameter gamma, Parameter beta, float epsilon, ComputePool pool) {
        if (gamma.value().length != beta.value().length) {
            throw new IllegalArgumentException("LayerNorm " + gamma.name() + ": " + gamma.value().length
                    + " scales but " + beta.value().length + " shifts");
        }
        this.gamma = gamma;
        this.beta = beta;
        this.epsilon = epsilon;
        this.pool = pool;
    }

    /** This norm with each parameter replaced by {@code replace}'s, as {@link StudentLayer#withOwnGradients}. */
    LayerNorm withParameters(UnaryOperator<Parameter> replace) {
        return new LayerNorm(replace.apply(gamma), replace.apply(beta), epsilon, pool);
    }

    Normalized forward(float[] x, int rows) {
        int width = width(x, rows);
        float[] g = gamma.value();
        float[] b = beta.value();
        float[] output = new float[x.length];
        float[] normalized = new float[x.length];
        float[] inverseDeviation = new float[rows];
        pool.parallelFor(rows, r -> {
            int offset = r * width;
            float sum = 0;
            for (int i = offset; i < offset + width; i++) {
                sum += x[i];
            }
            float mean = sum / width;
            float squares = 0;
            for (int i = offset; i < offset + width; i++) {
                float d = x[i] - mean;
                squares += d * d;
            }
            float inverse = (float) (1 / Math.sqrt(squares / width + epsilon));
            inverseDeviation[r] = inverse;
            for (int i = 0; i < width; i++) {
                float n = (x[offset + i] - mean) * inverse;
                normalized[offset + i] = n;
                output[offset + i] = n * g[i] + b[i];
            }
        });
        return new Normalized(output, normalized, inverseDeviation);
    }

    /**
     * Adds dγ = Σ_rows dy·x̂ and dβ = Σ_rows dy; returns dx = (g − mean(g) − x̂·mean(g·x̂)) / sqrt(var + ε)
     * with g = dy·γ.
     */
    float[] backward(Normalized saved, float[] dy, int rows) {
        int width = width(dy, rows);
        float[] g = gamma.value();
        float[] normalized = saved.normalized();
        float[] dx = new float[dy.length];
        pool.parallelFor(rows, r -> {
            int offset = r * width;
            float sum = 0;
            float weighted = 0;
            for (int i = 0; i < width; i++) {
                float scaled = dy[offset + i] * g[i];
                sum += scaled;
                weighted += scaled * normalized[offset + i];
            }
            float mean = sum / width;
            float weightedMean = weighted / width;
            float inverse = saved.inverseDeviation()[r];
            for (int i = 0; i < width; i++) {
                dx[offset + i] = (dy[offset + i] * g[i] - mean - normalized[offset + i] * weightedMean) * inverse;
            }
        });
        pool.parallelFor((width + COLUMN_BLOCK - 1) / COLUMN_BLOCK, block -> {
            int start = block * COLUMN_BLOCK;
            int end = Math.min(width, start + COLUMN_BLOCK);
            float[] scaleSums = new float[end - start];
            float[] shiftSums = new float[end - start];
            for (int r = 0; r < rows; r++) {
                for (int i = start; i < end; i++) {
                    float d = dy[r * width + i];
                    scaleSums[i - start] += d * normalized[r * width + i];
                    shiftSums[i - start] += d;
                }
            }
            for (int i = start; i < end; i++) {
                gamma.gradient()[i] += scaleSums[i - start];
                beta.gradient()[i] += shiftSums[i - start];
            }
        });
        return dx;
    }

    private int width(float[] x, int rows) {
        int width = gamma.value().length;
        if (x.length != (long) rows * width) {
            throw new IllegalArgumentException(
                    "LayerNorm " + gamma.name() + ": " + x.length + " elements are not " + rows + " rows of " + width);
        }
        return width;
    }
}
