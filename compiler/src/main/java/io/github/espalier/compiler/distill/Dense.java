package io.github.espalier.compiler.distill;

import io.github.espalier.runtime.exec.linalg.PackedMatrix;
import java.util.function.UnaryOperator;

/** A fully connected layer, {@code y = x·W + b}, with W [in, out] row-major as in the ONNX MatMul it comes from. */
final class Dense {
    private final Parameter weights;
    private final Parameter bias;
    private final int in;
    private final int out;
    private final MatrixProducts products;
    /** Shared with the copies {@link #withParameters} makes, which compute with the same W. */
    private final PackedWeights packed;

    /** W packed for x·W and for dy·Wᵀ, between {@link #pack} and {@link #unpack}; else null. */
    private static final class PackedWeights {
        private PackedMatrix forward;
        private PackedMatrix transposed;
    }

    Dense(Parameter weights, Parameter bias, int in, int out, MatrixProducts products) {
        this(weights, bias, in, out, products, new PackedWeights());
    }

    private Dense(Parameter weights, Parameter bias, int in, int out, MatrixProducts products, PackedWeights packed) {
        if (weights.value().length != (long) in * out || bias.value().length != out) {
            throw new IllegalArgumentException("Dense " + weights.name() + ": " + weights.value().length
                    + " weights and " + bias.value().length + " biases do not fit " + in + " -> " + out);
        }
        this.weights = weights;
        this.bias = bias;
        this.in = in;
        this.out = out;
        this.products = products;
        this.packed = packed;
    }

    /** This layer with each parameter replaced by {@code replace}'s, as {@link StudentLayer#withOwnGradients}. */
    Dense withParameters(UnaryOperator<Parameter> replace) {
        return new Dense(replace.apply(weights), replace.apply(bias), in, out, products, packed);
    }

    /**
     * Packs W once for every pass until {@link #unpack}, this layer's copies included: the shards of a training
     * step all compute with the same W, which the optimizer changes only after them.
     */
    void pack() {
        packed.forward = products.pack(weights.value(), in, out);
        packed.transposed = products.packTransposed(weights.value(), in, out);
    }

    /** Drops what {@link #pack} kept, before W changes. */
    void unpack() {
        packed.forward = null;
        packed.transposed = null;
    }

    /** y [rows, out] for x [rows, in]. */
    float[] forward(float[] x, int rows) {
        PackedMatrix w = packed.forward != null ? packed.forward : products.pack(weights.value(), in, out);
        return products.times(x, rows, w, bias.value());
    }

    /** Adds dW = xᵀ·dy and db = Σ_rows dy to the gradients; returns dx = dy·Wᵀ. */
    float[] backward(float[] x, float[] dy, int rows) {
        return backward(transposeInput(x, rows), dy);
    }

    /** As {@link #backward(float[], float[], int)}, for an input already transposed. */
    float[] backward(MatrixProducts.TransposedInput x, float[] dy) {
        addParameterGradients(x, dy);
        PackedMatrix wT =
                packed.transposed != null ? packed.transposed : products.packTransposed(weights.value(), in, out);
        return products.times(dy, x.rows(), wT, null);
    }

    /** Adds dW = xᵀ·dy and db = Σ_rows dy to the gradients, where x is a constant that needs no gradient. */
    void addParameterGradients(MatrixProducts.TransposedInput x, float[] dy) {
        products.addGradients(x, dy, out, weights.gradient(), bias.gradient());
    }

    /** x [rows, in] as {@link #backward(MatrixProducts.TransposedInput, float[])} takes it. */
    MatrixProducts.TransposedInput transposeInput(float[] x, int rows) {
        return products.transposeWithOnes(x, rows, in);
    }
}
