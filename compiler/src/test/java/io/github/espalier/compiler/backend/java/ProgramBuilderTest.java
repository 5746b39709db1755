package io.github.espalier.compiler.backend.java;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.espalier.compiler.CompilationException;
import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.ir.Node;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.program.Dim;
import io.github.espalier.runtime.program.Instruction;
import io.github.espalier.runtime.program.Program;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgramBuilderTest {
    private static final ValueSpec X = new ValueSpec("x", DType.FLOAT, List.of(Dim.symbol("n")));
    private static final ValueSpec Y = new ValueSpec("y", DType.FLOAT, List.of(Dim.symbol("n")));

    @Test
    void listsInstructionsInOrderAndOnlyReferencedConstants() {
        Attributes softmax = Attributes.of(Map.of("axis", -1L));
        Map<String, Tensor> initializers = new LinkedHashMap<>();
        initializers.put("bias", Tensor.ofFloats(new float[] {1}, 1));
        initializers.put("stale", Tensor.ofFloats(new float[] {2}, 1));
        Graph graph = new Graph(
                "g",
                List.of(X),
                List.of(Y),
                List.of(
                        new Node("add", "Add", List.of("x", "bias"), List.of("h"), Attributes.empty()),
                        new Node("sm", "Softmax", List.of("h"), List.of("y"), softmax)),
                initializers,
                Map.of());

        Program program = ProgramBuilder.build(graph);

        assertThat(program.inputs()).containsExactly(X);
        assertThat(program.outputs()).containsExactly(Y);
        assertThat(program.constants()).containsExactly("bias");
        assertThat(program.instructions())
                .containsExactly(
                        new Instruction("add", "Add", List.of("x", "bias"), List.of("h"), Attributes.empty()),
                        new Instruction("sm", "Softmax", List.of("h"), List.of("y"), softmax));
    }

    @Test
    void rejectsValueThatNothingProduces() {
        Graph graph = new Graph(
                "g",
                List.of(X),
                List.of(Y),
                List.of(new Node("add", "Add", List.of("x", "ghost"), List.of("y"), Attributes.empty())),
                Map.of(),
                Map.of());

        assertThatThrownBy(() -> ProgramBuilder.build(graph))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("ghost")
                .hasMessageContaining("'add'");
    }

    /** Found by OnnxFuzzTest: two producers of one value compiled, and the runtime refused the artifact. */
    @Test
    void rejectsValueWrittenTwice() {
        Graph graph = new Graph(
                "g",
                List.of(X),
                List.of(Y),
                List.of(
                        new Node("first", "Relu", List.of("x"), List.of("y"), Attributes.empty()),
                        new Node("second", "Tanh", List.of("x"), List.of("y"), Attributes.empty())),
                Map.of(),
                Map.of());

        assertThatThrownBy(() -> ProgramBuilder.build(graph))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("'second'")
                .hasMessageContaining("'y'")
                .hasMessageContaining("assigns each value once");
    }
}
