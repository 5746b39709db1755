package io.github.espalier.runtime.exec.fused;

import static io.github.espalier.runtime.exec.fused.KernelTestSupport.assertClose;
import static io.github.espalier.runtime.exec.fused.KernelTestSupport.random;
import static io.github.espalier.runtime.exec.fused.KernelTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.runtime.exec.linalg.Gemm;
import io.github.espalier.runtime.exec.linalg.Gemms;
import io.github.espalier.runtime.exec.linalg.VectorOps;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttentionKernelTest {
    private static final int B = 2;
    private static final int S = 7;
    private static final int HEADS = 3;
    private static final int D = 5;
    private static final int H = HEADS * D;

    @Test
    void matchesPerHeadSoftmaxAttentionWithAnAdditiveMask() {
        float[] q = random(B * S * H, 1, 1f);
        float[] k = random(B * S * H, 2, 1f);
        float[] v = random(B * S * H, 3, 1f);
        float[] mask = new float[B * S];
        for (int j = S - 3; j < S; j++) {
            mask[S + j] = -3.4028235e38f; // batch 1: last 3 tokens are padding, as BERT exports mask them
        }
        float scale = (float) (1 / Math.sqrt(D));
        Tensor out = run(
                FusedKernels.ATTENTION,
                Map.of("num_heads", (long) HEADS, "scale", scale),
                Tensor.ofFloats(q, B, S, H),
                Tensor.ofFloats(k, B, S, H),
                Tensor.ofFloats(v, B, S, H),
                Tensor.ofFloats(mask, B, 1, 1, S));
        assertThat(out.shape()).containsExactly(B, S, H);
        assertClose(out.toFloatArray(), reference(q, k, v, mask, scale), 1e-5);
    }

    @Test
    void everyGemmAndLevelOneImplementationGivesTheSameResult() {
        float[] q = random(B * S * H, 7, 1f);
        float[] k = random(B * S * H, 8, 1f);
        float[] v = random(B * S * H, 9, 1f);
        float[] mask = random(B * S, 10, 3f);
        Attributes attributes = Attributes.of(Map.of("num_heads", (long) HEADS, "scale", 0.3f));
        List<Gemm> gemms = List.of(Gemms.scalar(), Gemms.vector(false), Gemms.vector(true));
        List<VectorOps> levelOne = List.of(Gemms.scalarOps(), Gemms.vectorOps(false), Gemms.vectorOps(true));
        for (int i = 0; i < gemms.size(); i++) {
            Tensor out = run(
                    new AttentionKernel(attributes, gemms.get(i), levelOne.get(i)),
                    Tensor.ofFloats(q, B, S, H),
                    Tensor.ofFloats(k, B, S, H),
                    Tensor.ofFloats(v, B, S, H),
                    Tensor.ofFloats(mask, B, 1, 1, S));
            assertClose(out.toFloatArray(), reference(q, k, v, mask, 0.3f), 1e-5);
        }
    }

    @Test
    void maskIsOptional() {
        float[] q = random(B * S * H, 4, 1f);
        float[] k = random(B * S * H, 5, 1f);
        float[] v = random(B * S * H, 6, 1f);
        Tensor out = run(
                FusedKernels.ATTENTION,
                Map.of("num_heads", (long) HEADS, "scale", 0.5f),
                Tensor.ofFloats(q, B, S, H),
                Tensor.ofFloats(k, B, S, H),
                Tensor.ofFloats(v, B, S, H),
                null);
        assertClose(out.toFloatArray(), reference(q, k, v, new float[B * S], 0.5f), 1e-5);
    }

    @Test
    void masksBroadcastAlongAnyAxisMatchTheReference() {
        float[] q = random(B * S * H, 11, 1f);
        float[] k = random(B * S * H, 12, 1f);
        float[] v = random(B * S * H, 13, 1f);
        // One value per query row, spread along the keys: [B, 1, S, 1]
        float[] perQuery = random(B * S, 14, 3f);
        Tensor out = run(
                FusedKernels.ATTENTION,
                Map.of("num_heads", (long) HEADS, "scale", 0.4f),
                Tensor.ofFloats(q, B, S, H),
                Tensor.ofFloats(k, B, S, H),
                Tensor.ofFloats(v, B, S, H),
                Tensor.ofFloats(perQuery, B, 1, S, 1));
        assertClose(out.toFloatArray(), reference(q, k, v, (b, h, i, j) -> perQuery[b * S + i], 0.4f), 1e-5);
        // One full matrix per head, shared by the batch: [1, HEADS, S, S]
        float[] perHead = random(HEADS * S * S, 15, 3f);
        out = run(
                FusedKernels.ATTENTION,
                Map.of("num_heads", (long) HEADS, "scale", 0.4f),
                Tensor.ofFloats(q, B, S, H),
                Tensor.ofFloats(k, B, S, H),
                Tensor.ofFloats(v, B, S, H),
                Tensor.ofFloats(perHead, 1, HEADS, S, S));
        assertClose(out.toFloatArray(), reference(q, k, v, (b, h, i, j) -> perHead[(h * S + i) * S + j], 0.4f), 1e-5);
    }

    /** The additive mask's value for batch b, head h, query i, key j. */
    @FunctionalInterface
    private interface MaskValue {
        float at(int b, int h, int i, int j);
    }

    /** With a mask of shape [B, 1, 1, S], as BERT's exports make it. */
    private static double[] reference(float[] q, float[] k, float[] v, float[] mask, float scale) {
        return reference(q, k, v, (b, h, i, j) -> mask[b * S + j], scale);
    }

    /** Reshape to heads, transpose, q·kᵀ, scale, mask, softmax, ·v and transpose back, in doubles. */
    private static double[] reference(float[] q, float[] k, float[] v, MaskValue mask, float scale) {
        double[] out = new double[B * S * H];
        for (int b = 0; b < B; b++) {
            for (int h = 0; h < HEADS; h++) {
                for (int i = 0; i < S; i++) {
                    double[] p = new double[S];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < S; j++) {
                        double dot = 0;
                        for (int t = 0; t < D; t++) {
                            dot += (double) q[(b * S + i) * H + h * D + t] * k[(b * S + j) * H + h * D + t];
                        }
                        p[j] = dot * scale + mask.at(b, h, i, j);
                        max = Math.max(max, p[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < S; j++) {
                        p[j] = Math.exp(p[j] - max);
                        sum += p[j];
                    }
                    for (int t = 0; t < D; t++) {
                        double value = 0;
                        for (int j = 0; j < S; j++) {
                            value += p[j] / sum * v[(b * S + j) * H + h * D + t];
                        }
                        out[(b * S + i) * H + h * D + t] = value;
                    }
                }
            }
        }
        return out;
    }
}
