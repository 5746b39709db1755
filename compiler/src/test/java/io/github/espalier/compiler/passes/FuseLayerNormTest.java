package io.github.espalier.compiler.passes;

import static io.github.espalier.compiler.passes.GraphBuilder.only;
import static io.github.espalier.compiler.passes.GraphBuilder.opTypes;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.ir.Node;
import io.github.espalier.runtime.exec.fused.FusedKernels;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FuseLayerNormTest {
    private static final long[] LAST = {-1};

    /** The decomposed LayerNorm as PyTorch exports it; {@code exponent}/{@code axes} let tests break it. */
    private static Graph decomposed(float exponent, long[] axes, boolean meanIsAlsoOutput) {
        GraphBuilder g = new GraphBuilder();
        String x = g.input("x", -1, -2, 8);
        String mean = g.node("ReduceMean", Map.of("axes", axes), x);
        String d = g.node("Sub", x, mean);
        String square = g.node("Pow", d, g.constantNode(exponent));
        String variance = g.node("ReduceMean", Map.of("axes", axes), square);
        String std = g.node("Sqrt", g.node("Add", variance, g.scalar(1e-12f)));
        String normalized = g.node("Div", d, std);
        String gamma = g.random(1, 8);
        String beta = g.random(2, 8);
        String y = g.node("Add", g.node("Mul", normalized, gamma), beta);
        String relu = g.node("Relu", y);
        return meanIsAlsoOutput ? g.build(relu, mean) : g.build(relu);
    }

    @Test
    void fusesTheDecomposedForm() {
        Graph fused = new FuseLayerNorm().apply(decomposed(2f, LAST, false));
        assertThat(opTypes(fused)).containsExactly("Constant", FusedKernels.LAYER_NORM, "Relu");
        Node layerNorm = only(fused, FusedKernels.LAYER_NORM);
        assertThat(layerNorm.inputs()).hasSize(3).startsWith("x");
        assertThat(layerNorm.attributes().getFloat("epsilon", 0)).isEqualTo(1e-12f);
        assertThat(only(fused, "Relu").inputs()).containsExactly(layerNorm.output(0));
    }

    @Test
    void leavesOtherExponentsAlone() {
        Graph graph = decomposed(3f, LAST, false);
        assertThat(new FuseLayerNorm().apply(graph)).isEqualTo(graph);
    }

    @Test
    void leavesNormalizationOverAnotherAxisAlone() {
        Graph graph = decomposed(2f, new long[] {1}, false);
        assertThat(new FuseLayerNorm().apply(graph)).isEqualTo(graph);
    }

    @Test
    void leavesItAloneWhenAnInnerValueIsUsedElsewhere() {
        Graph graph = decomposed(2f, LAST, true);
        assertThat(new FuseLayerNorm().apply(graph)).isEqualTo(graph);
    }

    @Test
    void fusesOnnxLayerNormalizationOverTheLastAxis() {
        GraphBuilder g = new GraphBuilder();
        String x = g.input("x", 2, 3, 8);
        String y =
                g.node("LayerNormalization", Map.of("axis", 2L, "epsilon", 1e-6f), x, g.random(1, 8), g.random(2, 8));
        Graph fused = new FuseLayerNorm().apply(g.build(y));
        Node layerNorm = only(fused, FusedKernels.LAYER_NORM);
        assertThat(layerNorm.output(0)).isEqualTo(y);
        assertThat(layerNorm.attributes().getFloat("epsilon", 0)).isEqualTo(1e-6f);
    }

    @Test
    void leavesOnnxLayerNormalizationOverSeveralAxesAlone() {
        GraphBuilder g = new GraphBuilder();
        String x = g.input("x", 2, 3, 8);
        String y = g.node("LayerNormalization", Map.of("axis", 1L), x, g.random(1, 3, 8), g.random(2, 3, 8));
        Graph graph = g.build(y);
        assertThat(new FuseLayerNorm().apply(graph)).isEqualTo(graph);
    }
}
