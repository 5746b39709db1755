package io.github.espalier.runtime.exec.fused;

import io.github.espalier.runtime.exec.KernelFactory;
import java.util.Map;

/** Factories for Espalier's fused operators ({@code espalier.*}), produced by the compiler's fusion passes. */
public final class FusedKernels {
    private FusedKernels() {}

    public static Map<String, KernelFactory> factories() {
        return Map.of();
    }
}
