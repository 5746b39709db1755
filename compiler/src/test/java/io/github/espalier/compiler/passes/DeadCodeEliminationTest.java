package io.github.espalier.compiler.passes;

import static io.github.espalier.compiler.passes.Graphs.dim;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadCodeEliminationTest {
    @Test
    void removesNodesAndInitializersThatReachNoOutput() {
        Graphs graph = new Graphs()
                .input("x", DType.FLOAT, dim(2))
                .output("y", DType.FLOAT, dim(2))
                .constant("w", Tensor.ofFloats(new float[] {1, 2}, 2))
                .constant("unused", Tensor.ofFloats(new float[] {3}, 1))
                .constant("deadWeight", Tensor.ofFloats(new float[] {4, 5}, 2))
                .node("Mul", List.of("x", "deadWeight"), "dead")
                .node("Relu", List.of("dead"), "deadToo")
                .node("Add", List.of("x", "w"), "sum")
                .node("Relu", List.of("sum"), "y");

        Graph pruned = new DeadCodeElimination().apply(new ShapeInference().apply(graph.build()));

        assertThat(pruned.nodes()).extracting(n -> n.output(0)).containsExactly("sum", "y");
        assertThat(pruned.initializers()).containsOnlyKeys("w");
        assertThat(pruned.valueTypes()).containsOnlyKeys("x", "w", "sum", "y");
        assertThat(pruned.inputs()).hasSize(1);
    }
}
