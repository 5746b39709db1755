package io.github.espalier.runtime.exec.linalg;

/**
 * Chooses the GEMM and level-1 implementations once per JVM: Vector API ones when the module is present
 * and {@link VectorSupport#vectorKernelsPay()}, with {@code fma} only when the CPU has FMA; scalar otherwise.
 */
public final class Gemms {
    private static final boolean VECTOR = VectorSupport.vectorKernelsPay() && vectorSpeciesFits();
    private static final Gemm PREFERRED = VECTOR ? vector(VectorSupport.hasFma()) : scalar();
    private static final VectorOps PREFERRED_OPS = VECTOR ? vectorOps(VectorSupport.hasFma()) : scalarOps();

    private Gemms() {}

    /** The fastest GEMM that is safe on this machine. */
    public static Gemm preferred() {
        return PREFERRED;
    }

    /** The fastest level-1 loops that are safe on this machine. */
    public static VectorOps preferredOps() {
        return PREFERRED_OPS;
    }

    public static Gemm scalar() {
        return new ScalarGemm();
    }

    /** The Vector API GEMM. Requires {@code jdk.incubator.vector}; pass {@code fma = false} on CPUs without FMA. */
    public static Gemm vector(boolean fma) {
        return VectorSupport.instantiate(Gemm.class, "VectorGemm", fma);
    }

    public static VectorOps scalarOps() {
        return new ScalarVectorOps();
    }

    /** The Vector API level-1 loops; same requirements as {@link #vector}. */
    public static VectorOps vectorOps(boolean fma) {
        return VectorSupport.instantiate(VectorOps.class, "VectorApiOps", fma);
    }

    private static boolean vectorSpeciesFits() {
        try {
            return (boolean) Class.forName(Gemms.class.getPackageName() + ".VectorGemm")
                    .getDeclaredMethod("supportsPreferredSpecies")
                    .invoke(null);
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
