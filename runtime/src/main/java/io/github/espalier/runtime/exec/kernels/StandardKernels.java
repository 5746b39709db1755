package io.github.espalier.runtime.exec.kernels;

import io.github.espalier.runtime.exec.KernelFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Factories for the standard ONNX operators (domain ""), keyed by operator type. Kernels that depend on
 * the opset read the {@code opset} attribute the compiler puts on every instruction (newest when absent).
 */
public final class StandardKernels {
    private static final Map<String, KernelFactory> FACTORIES = build();

    private StandardKernels() {}

    public static Map<String, KernelFactory> factories() {
        return FACTORIES;
    }

    private static Map<String, KernelFactory> build() {
        Map<String, KernelFactory> factories = new HashMap<>();
        BinaryKernels.register(factories);
        UnaryKernels.register(factories);
        factories.put("Cast", CastKernel::create);
        ShapeKernels.register(factories);
        LayoutKernels.register(factories);
        ReductionKernels.register(factories);
        NormalizationKernels.register(factories);
        MatMulKernels.register(factories);
        QuantizationKernels.register(factories);
        return Map.copyOf(factories);
    }
}
