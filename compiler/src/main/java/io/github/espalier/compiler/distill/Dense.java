package io.github.espalier.compiler.distill;

/** A fully connected layer, {@code y = x·W + b}, with W [in, out] row-major as in the ONNX MatMul it comes from. */
final class Dense {
    private final Parameter weights;
    private final Parameter bias;
    private final int in;
    private final int out;
    private final MatrixProducts products;

    Dense(Parameter weights, Parameter bias, int in, int out, MatrixProducts products) {
        if (weights.value().length != (long) in * out || bias.value().length != out) {
            throw new IllegalArgumentException("Dense " + weights.name() + ": " + weights.value().length
                    + " weights and " + bias.value().length + " biases do not fit " + in + " -> " + out);
        }
        this.weights = weights;
        this.bias = bias;
        this.in = in;
        this.out = out;
        this.products = products;
    }

    /** y [rows, out] for x [rows, in]. */
    float[] forward(float[] x, int rows) {
        return products.timesPlusBias(x, rows, in, weights.value(), bias.value());
    }

    /** Adds dW = xᵀ·dy and db = Σ_rows dy to the gradients; returns dx = dy·Wᵀ. */
    float[] backward(float[] x, float[] dy, int rows) {
        return backward(transposeInput(x, rows), dy);
    }

    /** As {@link #backward(float[], float[], int)}, for an input already transposed. */
    float[] backward(MatrixProducts.TransposedInput x, float[] dy) {
        addParameterGradients(x, dy);
        return products.timesTransposed(dy, x.rows(), out, weights.value(), in);
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
