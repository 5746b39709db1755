package io.github.espalier.runtime.exec.linalg;

import io.github.espalier.runtime.EspalierException;
import java.lang.reflect.InvocationTargetException;

/** Chooses the GEMM implementation once per JVM from the module and CPU features. */
public final class Gemms {
    private static final Gemm PREFERRED = choose();

    private Gemms() {}

    /** The fastest implementation that is safe on this machine. */
    public static Gemm preferred() {
        return PREFERRED;
    }

    public static Gemm scalar() {
        return new ScalarGemm();
    }

    /**
     * The Vector API implementation. Requires {@code jdk.incubator.vector}; pass {@code fma = false}
     * on CPUs without FMA.
     */
    public static Gemm vector(boolean fma) {
        if (!VectorSupport.modulePresent()) {
            throw new EspalierException("The vector GEMM needs --add-modules jdk.incubator.vector");
        }
        try {
            // Reflection keeps VectorGemm (and jdk.incubator.vector) unloaded until the module is known present.
            Class<? extends Gemm> type =
                    Class.forName(Gemms.class.getPackageName() + ".VectorGemm").asSubclass(Gemm.class);
            var constructor = type.getDeclaredConstructor(boolean.class);
            return constructor.newInstance(fma);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            throw new EspalierException("Cannot create the vector GEMM: " + cause, cause);
        }
    }

    private static Gemm choose() {
        if (VectorSupport.vectorKernelsPay() && vectorSpeciesFits()) {
            return vector(VectorSupport.hasFma());
        }
        return scalar();
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
