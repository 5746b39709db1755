package io.github.espalier.compiler.passes;

import static io.github.espalier.compiler.passes.GraphBuilder.only;
import static io.github.espalier.compiler.passes.GraphBuilder.opTypes;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.ir.Node;
import io.github.espalier.runtime.exec.fused.FusedKernels;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FuseMatMulBiasTest {
    @Test
    void fusesMatMulBiasAndGelu() {
        GraphBuilder g = new GraphBuilder();
        String x = g.input("x", -1, -2, 6);
        String w = g.random(1, 6, 4);
        String bias = g.random(2, 4);
        String y = g.node(FusedKernels.GELU, g.node("Add", bias, g.node("MatMul", x, w)));
        Graph fused = new FuseMatMulBias().apply(g.build(y));
        Node node = only(fused, FusedKernels.MATMUL_BIAS);
        assertThat(opTypes(fused)).containsExactly(FusedKernels.MATMUL_BIAS);
        assertThat(node.inputs()).containsExactly(x, w, bias);
        assertThat(node.outputs()).containsExactly(y);
        assertThat(node.attributes().getString("activation", null)).isEqualTo("gelu");
    }

    @Test
    void keepsAnAddThatIsNotABiasOutside() {
        GraphBuilder g = new GraphBuilder();
        String x = g.input("x", 3, 6);
        String residual = g.input("r", 3, 4);
        String y = g.node("Add", g.node("MatMul", x, g.random(1, 6, 4)), residual);
        Graph fused = new FuseMatMulBias().apply(g.build(y));
        assertThat(opTypes(fused)).containsExactly(FusedKernels.MATMUL_BIAS, "Add");
        Node node = only(fused, FusedKernels.MATMUL_BIAS);
        assertThat(node.input(2)).isEmpty();
        assertThat(node.attributes().getString("activation", null)).isEqualTo("none");
    }

    @Test
    void leavesProductsOfTwoRunTimeValuesAlone() {
        GraphBuilder g = new GraphBuilder();
        String y = g.node("MatMul", g.input("a", 3, 6), g.input("b", 6, 4));
        Graph graph = g.build(y);
        assertThat(new FuseMatMulBias().apply(graph)).isEqualTo(graph);
    }

    @Test
    void foldsGemmTransposeAndScalesIntoTheWeights() {
        GraphBuilder g = new GraphBuilder();
        String x = g.input("x", 2, 3);
        String b = g.constant(Tensor.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3)); // [N=2, K=3]
        String c = g.constant(Tensor.ofFloats(new float[] {10, 20}, 1, 2));
        String y = g.node("Gemm", Map.of("transB", 1L, "alpha", 2f, "beta", 0.5f), x, b, c);
        Graph fused = new FuseMatMulBias().apply(g.build(y));
        Node node = only(fused, FusedKernels.MATMUL_BIAS);
        Tensor weights = fused.initializers().get(node.input(1));
        assertThat(weights.shape()).containsExactly(3, 2);
        assertThat(weights.toFloatArray()).containsExactly(2, 8, 4, 10, 6, 12);
        assertThat(fused.initializers().get(node.input(2)).toFloatArray()).containsExactly(5, 10);
    }

    @Test
    void leavesGemmWithTransposedInputAlone() {
        GraphBuilder g = new GraphBuilder();
        String y = g.node("Gemm", Map.of("transA", 1L), g.input("x", 3, 2), g.random(1, 3, 4));
        Graph graph = g.build(y);
        assertThat(new FuseMatMulBias().apply(graph)).isEqualTo(graph);
    }
}
