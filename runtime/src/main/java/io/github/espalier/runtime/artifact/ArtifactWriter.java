package io.github.espalier.runtime.artifact;

import io.github.espalier.runtime.program.Program;
import io.github.espalier.runtime.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Builds a compiled-model artifact: metadata, the program, its constant tensors (64-byte aligned) and
 * named binary sections such as the tokenizer. The format is described in docs/artifact-format.md.
 */
public final class ArtifactWriter {
    public ArtifactWriter metadata(String key, String value) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public ArtifactWriter program(Program program) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public ArtifactWriter tensor(String name, Tensor tensor) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public ArtifactWriter section(String name, byte[] content) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Writes atomically: a temporary file in the target folder, then a move, so no reader sees half a file. */
    public void writeTo(Path file) throws IOException {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
