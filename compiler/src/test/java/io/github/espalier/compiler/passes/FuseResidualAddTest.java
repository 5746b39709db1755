package io.github.espalier.compiler.passes;

import static io.github.espalier.compiler.passes.GraphBuilder.only;
import static io.github.espalier.compiler.passes.GraphBuilder.opTypes;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.ir.Node;
import io.github.espalier.runtime.exec.fused.FusedKernels;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FuseResidualAddTest {
    private static final Map<String, Object> EPSILON = Map.of("epsilon", 1e-5f);

    @Test
    void takesTheSkipConnectionIntoItsLayerNorm() {
        GraphBuilder g = new GraphBuilder();
        String x = g.node("Relu", g.input("a", -1, 4, 8));
        String residual = g.node("Tanh", g.input("b", -1, 4, 8));
        String gamma = g.random(1, 8);
        String beta = g.random(2, 8);
        String y = g.node(FusedKernels.LAYER_NORM, EPSILON, g.node("Add", x, residual), gamma, beta);
        Graph fused = new FuseResidualAdd().apply(new ShapeInference().apply(g.build(y)));
        assertThat(opTypes(fused)).containsExactly("Relu", "Tanh", FusedKernels.LAYER_NORM);
        Node norm = only(fused, FusedKernels.LAYER_NORM);
        assertThat(norm.inputs()).containsExactly(x, gamma, beta, residual);
        assertThat(norm.outputs()).containsExactly(y);
        assertThat(norm.attributes().getFloat("epsilon", 0)).isEqualTo(1e-5f);
    }

    @Test
    void keepsAnAbsentBetaAbsent() {
        GraphBuilder g = new GraphBuilder();
        String a = g.input("a", 4, 8);
        String b = g.input("b", 4, 8);
        String y = g.node(FusedKernels.LAYER_NORM, EPSILON, g.node("Add", a, b), g.random(1, 8));
        Node norm = only(new FuseResidualAdd().apply(g.build(y)), FusedKernels.LAYER_NORM);
        assertThat(norm.inputs()).hasSize(4);
        assertThat(norm.input(2)).isEmpty();
        assertThat(norm.input(3)).isEqualTo(b);
    }

    @Test
    void leavesABiasOrABroadcastAlone() {
        GraphBuilder g = new GraphBuilder();
        String a = g.input("a", 4, 8);
        String withBias = g.node(FusedKernels.LAYER_NORM, EPSILON, g.node("Add", a, g.random(1, 8)), g.random(2, 8));
        String broadcast =
                g.node(FusedKernels.LAYER_NORM, EPSILON, g.node("Add", a, g.input("row", 1, 8)), g.random(3, 8));
        Graph graph = g.build(withBias, broadcast);
        assertThat(new FuseResidualAdd().apply(graph)).isEqualTo(graph);
    }

    @Test
    void leavesASumThatIsAlsoReadElsewhere() {
        GraphBuilder g = new GraphBuilder();
        String sum = g.node("Add", g.input("a", 4, 8), g.input("b", 4, 8));
        String y = g.node(FusedKernels.LAYER_NORM, EPSILON, sum, g.random(1, 8));
        Graph graph = g.build(y, sum);
        assertThat(new FuseResidualAdd().apply(graph)).isEqualTo(graph);
    }
}
