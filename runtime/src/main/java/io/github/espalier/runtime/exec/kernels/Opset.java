package io.github.espalier.runtime.exec.kernels;

import io.github.espalier.runtime.program.Attributes;

/** The ONNX opset an instruction was written for; the compiler records it as the {@code opset} attribute. */
public final class Opset {
    /** Assumed when the attribute is absent: the newest semantics. */
    static final long LATEST = 22;

    private Opset() {}

    public static long of(Attributes attributes) {
        return attributes.getLong("opset", LATEST);
    }
}
