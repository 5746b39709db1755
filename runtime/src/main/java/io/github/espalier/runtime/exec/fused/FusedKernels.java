package io.github.espalier.runtime.exec.fused;

import io.github.espalier.runtime.exec.KernelFactory;
import io.github.espalier.runtime.exec.linalg.Gemms;
import java.util.Map;

/**
 * Factories for Espalier's fused operators ({@code espalier.*}), produced by the compiler's fusion passes.
 * All are float only; absent optional inputs are "".
 *
 * <ul>
 *   <li>{@code espalier.LayerNorm(x [..., C], gamma [C], beta [C]?, residual [..., C]?; epsilon: float =
 *       1e-5)} → [..., C], x (plus the residual, if given) normalized over the last axis.
 *   <li>{@code espalier.Gelu(x)} → same shape, exact (erf) GELU.
 *   <li>{@code espalier.MatMulBias(x [..., K], w, bias [N]?; activation: "none" | "gelu", packed: long = 0,
 *       k, n: long)} → [..., N]; w is [K, N] row-major, or with {@code packed = 1} the
 *       {@link io.github.espalier.runtime.exec.linalg.PackedMatrix} layout [ceil(N/32), K, 32].
 *   <li>{@code espalier.Attention(q [B, Sq, H], k [B, Sk, H], v [B, Sk, H], mask_add?; num_heads: long,
 *       scale: float)} → [B, Sq, H]; mask_add is added to the scores and broadcasts to
 *       [B, num_heads, Sq, Sk].
 * </ul>
 */
public final class FusedKernels {
    public static final String LAYER_NORM = LayerNormKernel.OP;
    public static final String GELU = GeluKernel.OP;
    public static final String ATTENTION = AttentionKernel.OP;
    public static final String MATMUL_BIAS = MatMulBiasKernel.OP;

    private FusedKernels() {}

    public static Map<String, KernelFactory> factories() {
        return Map.of(
                LAYER_NORM,
                attributes -> new LayerNormKernel(attributes, Gemms.preferredOps()),
                GELU,
                attributes -> new GeluKernel(Gemms.preferredOps()),
                ATTENTION,
                AttentionKernel::new,
                MATMUL_BIAS,
                MatMulBiasKernel::new);
    }
}
