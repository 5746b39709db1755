package io.github.espalier.runtime.cpu;

import java.util.Set;

/**
 * What the running machine and JVM support, as far as kernel choice is concerned: the CPU's features
 * (read from the OS), and what the JVM will actually use (the Vector API module, its preferred vector
 * width, which -XX:UseAVX lowers).
 */
public record CpuFeatures(Set<CpuFeature> cpu, boolean vectorApiAvailable, int preferredVectorBits) {
    /** Detects the features of this machine and JVM once. */
    public static CpuFeatures detect() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Whether Vector API kernels will be fast here: the module is on, vectors are >= 256 bits and FMA exists. */
    public boolean vectorKernelsPay() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
