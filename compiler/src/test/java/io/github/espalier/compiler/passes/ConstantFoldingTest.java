package io.github.espalier.compiler.passes;

import static io.github.espalier.compiler.passes.Graphs.dim;
import static io.github.espalier.compiler.passes.Graphs.sym;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.ir.Node;
import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.exec.Kernel;
import io.github.espalier.runtime.program.Instruction;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConstantFoldingTest {
    private final List<String> executed = new ArrayList<>();

    /** Test kernels: a scalar reference Add on floats; every other operator has none. */
    private Kernel kernel(Instruction instruction) {
        executed.add(instruction.op());
        if (!instruction.op().equals("Add")) {
            throw new EspalierException("no kernel for " + instruction.op());
        }
        return (inputs, context) -> {
            float[] a = inputs[0].toFloatArray();
            float[] b = inputs[1].toFloatArray();
            float[] sum = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                sum[i] = a[i] + b[i];
            }
            return new Tensor[] {Tensor.ofFloats(sum, inputs[0].shape())};
        };
    }

    private Graph fold(Graphs graph) {
        return new ConstantFolding(this::kernel).apply(graph.build());
    }

    @Test
    void foldsChainOfConstantNodesAndKeepsTheRest() {
        Graphs graph = new Graphs()
                .input("x", DType.FLOAT, sym("n"), dim(2))
                .output("y", DType.FLOAT, sym("n"), dim(2))
                .constant("a", Tensor.ofFloats(new float[] {1, 2}, 2))
                .constant("b", Tensor.ofFloats(new float[] {10, 20}, 2))
                .node("Add", List.of("a", "b"), "ab")
                .node("Add", List.of("ab", "a"), "aba")
                .node("Add", List.of("x", "aba"), "y");

        Graph folded = fold(graph);

        assertThat(folded.nodes()).extracting(n -> n.output(0)).containsExactly("y");
        assertThat(folded.nodes().get(0).inputs()).containsExactly("x", "aba");
        assertThat(folded.initializers().get("ab").toFloatArray()).containsExactly(11, 22);
        assertThat(folded.initializers().get("aba").toFloatArray()).containsExactly(12, 24);
    }

    @Test
    void foldsShapeOfStaticValueButNotOfSymbolicOne() {
        Graphs graph = new Graphs()
                .input("x", DType.FLOAT, dim(3), dim(5))
                .input("s", DType.FLOAT, sym("n"), dim(5))
                .output("y", DType.FLOAT, dim(3), dim(5))
                .node("Shape", List.of("x"), "static")
                .node("Shape", List.of("s"), "dynamic")
                .node("Identity", List.of("x"), "y");

        Graph folded = fold(graph);

        assertThat(folded.initializers().get("static").toLongArray()).containsExactly(3, 5);
        assertThat(folded.initializers()).doesNotContainKey("dynamic");
        assertThat(folded.nodes()).extracting(Node::opType).containsExactly("Shape", "Identity");
    }

    @Test
    void keepsNodesWithoutKernelAndSkipsLargeResultsUnexecuted() {
        Graphs graph = new Graphs()
                .input("x", DType.FLOAT, dim(1))
                .output("x", DType.FLOAT, dim(1))
                .constant("a", Tensor.ofFloats(new float[] {1, 2}, 2))
                .longs("big", 1024, 1025)
                .node("Neg", List.of("a"), "negated")
                .node("ConstantOfShape", List.of("big"), "filled");

        Graph folded = fold(graph);

        assertThat(folded.nodes()).extracting(Node::opType).containsExactly("Neg", "ConstantOfShape");
        assertThat(executed)
                .as("1024 x 1025 elements is over the limit: not run")
                .containsExactly("Neg");
    }

    @Test
    void doesNotFoldGraphOutputs() {
        Graphs graph = new Graphs()
                .output("y", DType.FLOAT, dim(1))
                .constant("a", Tensor.ofFloats(new float[] {1}, 1))
                .node("Add", List.of("a", "a"), "y");

        assertThat(fold(graph).nodes()).hasSize(1);
    }

    /** The test Add ignores a third input; folding it would hide the malformed node from the arity check. */
    @Test
    void keepsNodesWithTheWrongNumberOfInputsUnexecuted() {
        Graphs graph = new Graphs()
                .output("y", DType.FLOAT, dim(2))
                .constant("a", Tensor.ofFloats(new float[] {1, 2}, 2))
                .node("Add", List.of("a", "a", "a"), "sum")
                .node("Add", List.of("sum", "a"), "y");

        Graph folded = fold(graph);

        assertThat(folded.nodes()).hasSize(2);
        assertThat(executed).isEmpty();
    }

    @Test
    void foldsConstantNodes() {
        Graphs graph = new Graphs()
                .output("y", DType.FLOAT, dim(1))
                .node("Constant", List.of(), "c", Map.of("value", Tensor.ofFloats(new float[] {4}, 1)))
                .node("Add", List.of("c", "c"), "y");

        Graph folded = fold(graph);

        assertThat(folded.initializers().get("c").toFloatArray()).containsExactly(4);
        assertThat(folded.nodes()).extracting(Node::opType).containsExactly("Add");
    }
}
