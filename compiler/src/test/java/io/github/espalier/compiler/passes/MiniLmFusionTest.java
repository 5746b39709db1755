package io.github.espalier.compiler.passes;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.compiler.backend.java.LoadCheck;
import io.github.espalier.compiler.backend.java.ProgramBuilder;
import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.ir.Node;
import io.github.espalier.compiler.onnx.CheckpointImports;
import io.github.espalier.runtime.exec.fused.FusedKernels;
import io.github.espalier.runtime.exec.linalg.PackedMatrix;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standard pipeline on the real all-MiniLM-L6-v2 fp32 export (6 BERT layers, 12 heads of 32). */
class MiniLmFusionTest {
    @Test
    void fusesEveryLayerOfTheRealModel(@TempDir Path folder) throws Exception {
        Graph graph = CheckpointImports.importResource("all-minilm-l6-v2.onnx", folder);
        Graph optimized = Optimizer.standard().optimize(graph);

        Map<String, Long> counts =
                optimized.nodes().stream().collect(Collectors.groupingBy(Node::opType, Collectors.counting()));
        assertThat(counts)
                .containsEntry(FusedKernels.LAYER_NORM, 13L)
                .containsEntry(FusedKernels.ATTENTION, 6L)
                .containsEntry(FusedKernels.MATMUL_BIAS, 36L)
                .doesNotContainKeys(FusedKernels.GELU, "Erf", "Softmax", "Sqrt", "Pow", "MatMul", "Transpose");
        List<Node> matMuls = nodes(optimized, FusedKernels.MATMUL_BIAS);
        assertThat(matMuls.stream()
                        .filter(n -> n.attributes().getString("activation", "").equals("gelu")))
                .hasSize(6);
        assertThat(matMuls).allSatisfy(n -> {
            assertThat(n.attributes().getLong("packed", 0)).isEqualTo(1);
            assertThat(optimized.initializers().get(n.input(1)).dim(-1)).isEqualTo(PackedMatrix.PANEL);
            assertThat(n.input(2)).isNotEmpty();
        });
        assertThat(nodes(optimized, FusedKernels.LAYER_NORM).stream()
                        .filter(n -> n.inputs().size() == 4))
                .as("each layer's two skip connections, summed by their LayerNorms")
                .hasSize(12);
        assertThat(counts).as("the embeddings' sums").containsEntry("Add", 2L);
        assertThat(nodes(optimized, FusedKernels.ATTENTION)).allSatisfy(n -> {
            assertThat(n.attributes().getLong("num_heads")).isEqualTo(12);
            assertThat(n.attributes().getFloat("scale", 0))
                    .isCloseTo((float) (1 / Math.sqrt(32)), org.assertj.core.data.Offset.offset(1e-7f));
        });
        assertEveryInputIsDefined(optimized);
    }

    @Test
    void fusesLayerNormGeluAndAttentionOfTheInt8Model(@TempDir Path folder) throws Exception {
        Graph graph = CheckpointImports.importResource("all-minilm-l6-v2-q.onnx", folder);
        Graph optimized = Optimizer.standard().optimize(graph);

        Map<String, Long> counts =
                optimized.nodes().stream().collect(Collectors.groupingBy(Node::opType, Collectors.counting()));
        // the int8 products (DynamicQuantizeLinear, MatMulInteger, Cast, Mul) are left as they are
        assertThat(counts)
                .containsEntry(FusedKernels.LAYER_NORM, 13L)
                .containsEntry(FusedKernels.ATTENTION, 6L)
                .containsEntry(FusedKernels.GELU, 6L)
                .containsEntry("MatMulInteger", 36L)
                .doesNotContainKeys(FusedKernels.MATMUL_BIAS, "Erf", "Softmax", "MatMul", "Transpose");
        assertEveryInputIsDefined(optimized);
    }

    private static List<Node> nodes(Graph graph, String opType) {
        return graph.nodes().stream().filter(n -> n.opType().equals(opType)).toList();
    }

    /**
     * The rewrites kept the node list topological, left no reader of a removed value, and gave every fused
     * node the inputs its kernel takes (the runtime binds the program).
     */
    private static void assertEveryInputIsDefined(Graph graph) {
        assertThat(LoadCheck.verified(ProgramBuilder.build(graph), graph.initializers())
                        .instructions())
                .hasSameSizeAs(graph.nodes());
    }
}
