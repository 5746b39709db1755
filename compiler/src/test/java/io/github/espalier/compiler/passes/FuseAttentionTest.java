package io.github.espalier.compiler.passes;

import static io.github.espalier.compiler.passes.GraphBuilder.only;
import static io.github.espalier.compiler.passes.GraphBuilder.opTypes;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.ir.Node;
import io.github.espalier.runtime.exec.fused.FusedKernels;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FuseAttentionTest {
    private static final long HEADS = 3;
    private static final long HEAD_SIZE = 4;
    private static final long HIDDEN = HEADS * HEAD_SIZE;
    private static final long[] SPLIT = {0, 2, 1, 3};

    /** How the test breaks the pattern. */
    private enum Variant {
        EXPORTED,
        CONSTANT_TARGETS,
        SCALE_BY_MUL,
        WRONG_KEY_PERM,
        SOFTMAX_OVER_QUERIES,
        HEADS_DISAGREE
    }

    private static Graph selfAttention(Variant variant) {
        GraphBuilder g = new GraphBuilder();
        String q = g.node("Relu", g.input("q", -1, -2, HIDDEN));
        String k = g.node("Relu", g.input("k", -1, -2, HIDDEN));
        String v = g.node("Relu", g.input("v", -1, -2, HIDDEN));
        String mask = g.input("mask", -1, 1, 1, -2);
        long keyHeads = variant == Variant.HEADS_DISAGREE ? HEADS * 2 : HEADS;
        long keyHeadSize = variant == Variant.HEADS_DISAGREE ? HEAD_SIZE / 2 : HEAD_SIZE;
        boolean constant = variant == Variant.CONSTANT_TARGETS;
        String qh = g.node("Transpose", Map.of("perm", SPLIT), splitHeads(g, q, HEADS, HEAD_SIZE, constant));
        long[] keyPerm = variant == Variant.WRONG_KEY_PERM ? SPLIT : new long[] {0, 2, 3, 1};
        String kh = g.node("Transpose", Map.of("perm", keyPerm), splitHeads(g, k, keyHeads, keyHeadSize, constant));
        String vh = g.node("Transpose", Map.of("perm", SPLIT), splitHeads(g, v, HEADS, HEAD_SIZE, constant));
        String product = g.node("MatMul", qh, kh);
        String scores = variant == Variant.SCALE_BY_MUL
                ? g.node("Mul", g.scalar((float) (1 / Math.sqrt(HEAD_SIZE))), product)
                : g.node("Div", product, g.constantNode((float) Math.sqrt(HEAD_SIZE)));
        long axis = variant == Variant.SOFTMAX_OVER_QUERIES ? 2 : 3;
        String probabilities = g.node("Softmax", Map.of("axis", axis), g.node("Add", scores, mask));
        String merged = g.node("Transpose", Map.of("perm", SPLIT), g.node("MatMul", probabilities, vh));
        String target = constant
                ? g.longs(0, 0, HIDDEN)
                : g.node("Concat", Map.of("axis", 0L), dim(g, merged, 0), dim(g, merged, 1), g.longs(HIDDEN));
        return g.build(g.node("Relu", g.node("Reshape", merged, target)));
    }

    private static String splitHeads(GraphBuilder g, String x, long heads, long headSize, boolean constant) {
        String target = constant
                ? g.longs(0, 0, heads, headSize)
                : g.node("Concat", Map.of("axis", 0L), dim(g, x, 0), dim(g, x, 1), g.longs(heads), g.longs(headSize));
        return g.node("Reshape", x, target);
    }

    /** Unsqueeze(Gather(Shape(x), axis)), as PyTorch exports a run-time dimension. */
    private static String dim(GraphBuilder g, String x, long axis) {
        String index = g.constant(io.github.espalier.runtime.tensor.Tensor.ofLongs(new long[] {axis}));
        return g.node(
                "Unsqueeze",
                Map.of("axes", new long[] {0}),
                g.node("Gather", Map.of("axis", 0L), g.node("Shape", x), index));
    }

    @Test
    void fusesExportedSelfAttention() {
        assertFused(new FuseAttention().apply(selfAttention(Variant.EXPORTED)));
    }

    @Test
    void fusesSelfAttentionWithConstantReshapeTargets() {
        assertFused(new FuseAttention().apply(selfAttention(Variant.CONSTANT_TARGETS)));
    }

    @Test
    void fusesSelfAttentionScaledByAMultiplication() {
        assertFused(new FuseAttention().apply(selfAttention(Variant.SCALE_BY_MUL)));
    }

    private static void assertFused(Graph fused) {
        Node attention = only(fused, FusedKernels.ATTENTION);
        assertThat(attention.inputs()).hasSize(4).endsWith("mask");
        assertThat(attention.attributes().getLong("num_heads")).isEqualTo(HEADS);
        assertThat(attention.attributes().getFloat("scale", 0)).isEqualTo(0.5f);
        assertThat(opTypes(fused)).doesNotContain("Softmax", "MatMul", "Transpose", "Reshape");
        Node last = fused.nodes().getLast();
        assertThat(last.inputs()).containsExactly(attention.output(0));
        for (int i = 0; i < 3; i++) {
            assertThat(fused.producers().get(attention.input(i)).opType()).isEqualTo("Relu");
        }
    }

    @Test
    void leavesNearMissesAlone() {
        for (Variant variant :
                new Variant[] {Variant.WRONG_KEY_PERM, Variant.SOFTMAX_OVER_QUERIES, Variant.HEADS_DISAGREE}) {
            Graph graph = selfAttention(variant);
            assertThat(new FuseAttention().apply(graph)).as(variant.name()).isEqualTo(graph);
        }
    }
}
