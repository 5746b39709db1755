package io.github.espalier.benchmarks;

/** One way of running the model: ours or ONNX Runtime's, loaded once and called many times. */
interface Engine extends AutoCloseable {
    /** Runs the encoder on one batch and discards the result. */
    void run(Shape.TokenBatch batch) throws Exception;

    /** Releases the engine; an engine's own failure to close is unchecked, as nothing can be done about it. */
    @Override
    void close();
}
