package io.github.espalier.runtime.exec.linalg;

import io.github.espalier.runtime.cpu.CpuFeature;
import io.github.espalier.runtime.cpu.CpuFeatures;

/**
 * Whether the Vector API may be used, decided once per JVM. Classes that reference
 * {@code jdk.incubator.vector} are loaded only after this says yes, so the runtime still works (scalar)
 * when the module is not enabled; that case is logged once with the flag that makes kernels fast.
 */
public final class VectorSupport {
    private static final System.Logger LOG = System.getLogger(VectorSupport.class.getName());
    private static final boolean MODULE_PRESENT = detectModule();

    private VectorSupport() {}

    public static boolean modulePresent() {
        return MODULE_PRESENT;
    }

    /** Whether vector kernels pay on this machine; false when the CPU features are unknown. */
    public static boolean vectorKernelsPay() {
        if (!MODULE_PRESENT) {
            return false;
        }
        try {
            return CpuFeatures.detect().vectorKernelsPay();
        } catch (UnsupportedOperationException notYetAvailable) {
            return false;
        }
    }

    /** Whether the CPU has FMA; false when unknown, since {@code fma} without hardware support is ~1000x slower. */
    public static boolean hasFma() {
        try {
            return CpuFeatures.detect().cpu().contains(CpuFeature.FMA);
        } catch (UnsupportedOperationException notYetAvailable) {
            return false;
        }
    }

    private static boolean detectModule() {
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (!present) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "Espalier kernels run scalar: the Vector API is not enabled; start the JVM with "
                            + "--add-modules jdk.incubator.vector to make them fast");
        }
        return present;
    }
}
