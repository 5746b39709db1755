package io.github.espalier.runtime.exec.linalg;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.cpu.CpuFeature;
import io.github.espalier.runtime.cpu.CpuFeatures;
import java.lang.reflect.InvocationTargetException;

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

    /** Whether vector kernels pay on this machine (module present, wide vectors, FMA; see CpuFeatures). */
    public static boolean vectorKernelsPay() {
        return MODULE_PRESENT && CpuFeatures.detect().vectorKernelsPay();
    }

    /** Whether the CPU has FMA: without it {@code fma} is ~1000x slower than multiply then add. */
    public static boolean hasFma() {
        return CpuFeatures.detect().cpu().contains(CpuFeature.FMA);
    }

    /**
     * Creates {@code simpleName} of this package, a class that uses the Vector API, through its
     * {@code (boolean fma)} constructor. Reflection keeps such classes unloaded until the module is known
     * to be present.
     */
    static <T> T instantiate(Class<T> type, String simpleName, boolean fma) {
        if (!MODULE_PRESENT) {
            throw new EspalierException("Vector API kernels need " + CpuFeatures.VECTOR_FLAG);
        }
        try {
            Class<? extends T> implementation = Class.forName(VectorSupport.class.getPackageName() + "." + simpleName)
                    .asSubclass(type);
            return implementation.getDeclaredConstructor(boolean.class).newInstance(fma);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            throw new EspalierException("Cannot create the Vector API kernel " + simpleName + ": " + cause, cause);
        }
    }

    private static boolean detectModule() {
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (!present) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "Espalier kernels run scalar: the Vector API is not enabled; start the JVM with "
                            + CpuFeatures.VECTOR_FLAG + " to make them fast");
        }
        return present;
    }
}
