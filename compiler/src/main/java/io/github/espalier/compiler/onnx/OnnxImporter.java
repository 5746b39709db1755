package io.github.espalier.compiler.onnx;

import io.github.espalier.compiler.ir.Graph;
import java.nio.file.Path;

/** Imports an ONNX model file (and its external data, confined to the model's folder) into the graph IR. */
public final class OnnxImporter {
    private OnnxImporter() {}

    public static Graph importModel(Path modelFile) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
