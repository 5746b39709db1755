package io.github.espalier.runtime.exec.kernels;

import io.github.espalier.runtime.exec.KernelFactory;
import java.util.Map;

/** Factories for the standard ONNX operators (domain ""), keyed by operator type. */
public final class StandardKernels {
    private StandardKernels() {}

    public static Map<String, KernelFactory> factories() {
        return Map.of();
    }
}
