package io.github.espalier.runtime.exec.fused;

import io.github.espalier.runtime.exec.KernelFactory;
import io.github.espalier.runtime.exec.linalg.Gemms;
import java.util.Map;

/** Factories for Espalier's fused operators ({@code espalier.*}), produced by the compiler's fusion passes. */
public final class FusedKernels {
    public static final String LAYER_NORM = LayerNormKernel.OP;
    public static final String GELU = GeluKernel.OP;
    public static final String ATTENTION = AttentionKernel.OP;
    public static final String MATMUL_BIAS = MatMulBiasKernel.OP;

    private FusedKernels() {}

    public static Map<String, KernelFactory> factories() {
        return Map.of(
                LAYER_NORM, LayerNormKernel::new,
                GELU, attributes -> new GeluKernel(Gemms.preferredOps()),
                ATTENTION, AttentionKernel::new,
                MATMUL_BIAS, MatMulBiasKernel::new);
    }
}
