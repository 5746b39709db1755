package io.github.espalier.compiler.distill;

import io.github.espalier.runtime.exec.ComputePool;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Encoder layers with seeded random weights at BERT's initial scales, for measuring training speed on a
 * student's shapes without a checkpoint, and for testing the layer on shapes small enough to check by hand.
 */
final class RandomLayers {
    private final Random random;
    private final MatrixProducts products;
    private final ComputePool pool;

    RandomLayers(long seed, ComputePool pool) {
        this.random = new Random(seed);
        this.products = new MatrixProducts(pool);
        this.pool = pool;
    }

    StudentLayer layer(int teacherLayer, int width, int heads, int headSize, int neurons) {
        List<Parameter> parameters = new ArrayList<>();
        int inner = heads * headSize;
        return new StudentLayer(
                teacherLayer,
                dense(width, inner, parameters),
                dense(width, inner, parameters),
                dense(width, inner, parameters),
                new SelfAttention(heads, (float) (1 / Math.sqrt(headSize)), pool),
                dense(inner, width, parameters),
                norm(width, parameters),
                dense(width, neurons, parameters),
                new Gelu(pool),
                dense(neurons, width, parameters),
                norm(width, parameters),
                parameters);
    }

    float[] gaussian(int n, double scale) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return values;
    }

    private Dense dense(int in, int out, List<Parameter> parameters) {
        Parameter weights = new Parameter("w" + parameters.size(), gaussian(in * out, 1 / Math.sqrt(in)), true);
        Parameter bias = new Parameter("b" + (parameters.size() + 1), gaussian(out, 0.1), false);
        parameters.add(weights);
        parameters.add(bias);
        return new Dense(weights, bias, in, out, products);
    }

    private LayerNorm norm(int width, List<Parameter> parameters) {
        float[] gamma = gaussian(width, 0.2);
        for (int i = 0; i < width; i++) {
            gamma[i] += 1;
        }
        Parameter scale = new Parameter("gamma" + parameters.size(), gamma, false);
        Parameter shift = new Parameter("beta" + (parameters.size() + 1), gaussian(width, 0.1), false);
        parameters.add(scale);
        parameters.add(shift);
        return new LayerNorm(scale, shift, 1e-5f, pool);
    }
}
