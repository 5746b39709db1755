package io.github.espalier.runtime.model;

import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A loaded compiled model: what generated wrapper classes delegate to. Thread-safe: one instance serves
 * concurrent calls. Holds the artifact's memory and its compute threads until {@link #close()}.
 */
public final class CompiledModel implements AutoCloseable {
    /** Loads the artifact stored as a classpath resource next to {@code anchor} (no files are written). */
    public static CompiledModel load(Class<?> anchor, String resourceName, ModelOptions options) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Loads an artifact file, memory-mapped. */
    public static CompiledModel open(Path artifact, ModelOptions options) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public List<ValueSpec> inputs() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public List<ValueSpec> outputs() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Runs the graph on named input tensors; shapes and types are checked against {@link #inputs()}. */
    public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Tokenizes, runs, pools and (if configured at compile time) L2-normalizes one embedding per text. */
    public float[][] embed(List<String> texts) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public ModelInfo info() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
