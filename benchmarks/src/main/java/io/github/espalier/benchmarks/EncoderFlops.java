package io.github.espalier.benchmarks;

/**
 * Floating-point operations (a multiply-add counts two) of one all-MiniLM-L6-v2 forward pass: the matrix
 * products, which are all but a fraction of a percent of the work.
 */
final class EncoderFlops {
    private static final long LAYERS = 6;
    private static final long HIDDEN = 384;
    private static final long FEED_FORWARD = 1536;

    private EncoderFlops() {}

    static double of(Shape shape) {
        long tokens = (long) shape.batch() * shape.tokens();
        long projections = 2 * tokens * 4 * HIDDEN * HIDDEN; // Q, K, V and the output projection
        long feedForward = 2 * tokens * 2 * HIDDEN * FEED_FORWARD; // up and down
        long attention = 2 * 2 * (long) shape.batch() * shape.tokens() * shape.tokens() * HIDDEN; // QK^T and PV
        return (double) LAYERS * (projections + feedForward + attention);
    }
}
