package io.github.espalier.runtime.artifact;

import io.github.espalier.runtime.program.Program;
import io.github.espalier.runtime.tensor.Tensor;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A compiled-model artifact opened for reading: header and checksum verified, tensors exposed as slices
 * of the file's memory without copying. Closing it unmaps the memory.
 */
public final class ModelArtifact implements AutoCloseable {
    /** Memory-maps a file. */
    public static ModelArtifact open(Path file) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Reads a stream (e.g. a classpath resource inside a jar) into 64-byte aligned off-heap memory. */
    public static ModelArtifact read(InputStream in, String sourceName) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public Map<String, String> metadata() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public Program program() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Every constant tensor the program names, keyed by name. */
    public Map<String, Tensor> tensors() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public Optional<MemorySegment> section(String name) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
