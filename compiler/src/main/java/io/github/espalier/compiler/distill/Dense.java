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
        float[] y = products.times(x, rows, in, weights.value(), out);
        float[] b = bias.value();
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < out; j++) {
                y[r * out + j] += b[j];
            }
        }
        return y;
    }

    /** Adds dW = xᵀ·dy and db = Σ_rows dy to the gradients; returns dx = dy·Wᵀ. */
    float[] backward(float[] x, float[] dy, int rows) {
        addParameterGradients(x, dy, rows);
        return products.timesTransposed(dy, rows, out, weights.value(), in);
    }

    /** Adds dW = xᵀ·dy and db = Σ_rows dy to the gradients, where x is a constant that needs no gradient. */
    void addParameterGradients(float[] x, float[] dy, int rows) {
        products.addTransposedTimes(x, rows, in, dy, out, weights.gradient());
        // summed apart, then added, so that each call adds the same amount
        float[] columnSums = new float[out];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < out; j++) {
                columnSums[j] += dy[r * out + j];
            }
        }
        float[] biasGradient = bias.gradient();
        for (int j = 0; j < out; j++) {
            biasGradient[j] += columnSums[j];
        }
    }
}
