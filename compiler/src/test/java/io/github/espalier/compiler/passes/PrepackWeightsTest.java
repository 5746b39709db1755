package io.github.espalier.compiler.passes;

import static io.github.espalier.compiler.passes.GraphBuilder.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.ir.Node;
import io.github.espalier.runtime.exec.fused.FusedKernels;
import io.github.espalier.runtime.exec.linalg.PackedMatrix;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrepackWeightsTest {
    @Test
    void replacesRowMajorWeightsByTheirPanelLayout() {
        GraphBuilder g = new GraphBuilder();
        String w = g.random(1, 5, 40);
        String y = g.node(FusedKernels.MATMUL_BIAS, Map.of("activation", "none"), g.input("x", 2, 5), w, "");
        Graph graph = g.build(y);
        Graph packed = new PrepackWeights().apply(graph);

        Node node = only(packed, FusedKernels.MATMUL_BIAS);
        assertThat(node.attributes().getLong("packed", 0)).isEqualTo(1);
        assertThat(node.attributes().getLong("k", 0)).isEqualTo(5);
        assertThat(node.attributes().getLong("n", 0)).isEqualTo(40);
        Tensor packedWeights = packed.initializers().get(node.input(1));
        float[] rowMajor = graph.initializers().get(w).toFloatArray();
        assertThat(packedWeights.shape()).containsExactly(2, 5, PackedMatrix.PANEL);
        float[] data = packedWeights.toFloatArray();
        // element (k=3, n=37) lives in panel 1, row 3, lane 5; padding lanes are zero
        assertThat(data[(1 * 5 + 3) * PackedMatrix.PANEL + 5]).isEqualTo(rowMajor[3 * 40 + 37]);
        assertThat(data[(1 * 5 + 3) * PackedMatrix.PANEL + 8]).isZero();
        assertThat(packed.initializers()).doesNotContainKey(w);
        assertThat(new PrepackWeights().apply(packed)).isEqualTo(packed);
    }
}
