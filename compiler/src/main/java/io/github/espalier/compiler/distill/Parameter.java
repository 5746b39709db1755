package io.github.espalier.compiler.distill;

import java.util.Arrays;

/**
 * One trainable tensor of the student, flat and row-major, with the gradient that backward passes add to.
 *
 * @param name where it came from in the graph, for logs and errors
 * @param value the fp32 master weights, updated in place by the optimizer
 * @param gradient the same size as value; backward passes add to it, the optimizer clears it
 * @param decayed whether weight decay applies (matrices yes; biases and LayerNorm scales no)
 */
record Parameter(String name, float[] value, float[] gradient, boolean decayed) {
    Parameter(String name, float[] value, boolean decayed) {
        this(name, value, new float[value.length], decayed);
    }

    /**
     * The same weights with a gradient of its own: one shard of a training step adds to it, and the step sums
     * it into this parameter's ({@link TrainingStep}).
     */
    Parameter withOwnGradient() {
        return new Parameter(name, value, decayed);
    }

    void zeroGradient() {
        Arrays.fill(gradient, 0);
    }
}
