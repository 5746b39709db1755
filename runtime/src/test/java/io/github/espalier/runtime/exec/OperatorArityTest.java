package io.github.espalier.runtime.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.program.Dim;
import io.github.espalier.runtime.program.Instruction;
import io.github.espalier.runtime.program.Program;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.DType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorArityTest {
    private static final String MALFORMED = "; the ONNX graph is malformed; re-export the model";

    @Test
    void everyRegisteredKernelHasAnArityAndEveryArityAKernel() {
        assertThat(OperatorArity.operators()).containsExactlyInAnyOrderElementsOf(KernelRegistry.supportedOps());
    }

    @Test
    void tooFewInputsAreRefusedNamingOperatorNodeAndCounts() {
        assertThatThrownBy(() -> OperatorArity.check(node("x", "Pow", List.of("a"), List.of("y"))))
                .isInstanceOf(EspalierException.class)
                .hasMessageStartingWith("Operator Pow of node 'x' takes 2 inputs but has 1" + MALFORMED);
        assertThatThrownBy(() -> OperatorArity.check(node("s", "Shape", List.of(), List.of("y"))))
                .hasMessageStartingWith("Operator Shape of node 's' takes 1 input but has 0");
        assertThatThrownBy(() -> OperatorArity.check(node("c", "Concat", List.of(), List.of("y"))))
                .hasMessageStartingWith("Operator Concat of node 'c' takes at least 1 input but has 0");
    }

    @Test
    void tooManyInputsAreRefused() {
        assertThatThrownBy(() -> OperatorArity.check(node("i", "Identity", List.of("a", "b"), List.of("y"))))
                .hasMessageStartingWith("Operator Identity of node 'i' takes 1 input but has 2" + MALFORMED);
        assertThatThrownBy(() -> OperatorArity.check(node("s", "Slice", List.of("d", "s", "e", "a", "t", "x"))))
                .hasMessageStartingWith("Operator Slice of node 's' takes 3 to 5 inputs at opset 22 but has 6");
    }

    @Test
    void wrongOutputCountsAreRefused() {
        assertThatThrownBy(() -> OperatorArity.check(node("q", "DynamicQuantizeLinear", List.of("x"), List.of("y"))))
                .hasMessageStartingWith("Operator DynamicQuantizeLinear of node 'q' produces 3 outputs but has 1");
        assertThatThrownBy(() -> OperatorArity.check(node("a", "Add", List.of("a", "b"), List.of("y", "z"))))
                .hasMessageStartingWith("Operator Add of node 'a' produces 1 output but has 2");
    }

    @Test
    void anEmptyNameInARequiredPositionIsRefused() {
        assertThatThrownBy(() -> OperatorArity.check(node("ln", "LayerNormalization", List.of("x", "", "b"))))
                .hasMessageStartingWith(
                        "Operator LayerNormalization of node 'ln' leaves out its input 2 (an empty name), which it"
                                + " requires" + MALFORMED);
        assertThatThrownBy(() -> OperatorArity.check(node("c", "Concat", List.of("a", ""))))
                .as("variadic inputs are all required")
                .hasMessageContaining("leaves out its input 2");
    }

    @Test
    void optionalInputsMayBeLeftOutOrEmpty() {
        assertThatCode(() -> {
                    OperatorArity.check(node("ln", "LayerNormalization", List.of("x", "scale", "")));
                    OperatorArity.check(node("ln", "LayerNormalization", List.of("x", "scale")));
                    OperatorArity.check(node("dq", "DequantizeLinear", List.of("x", "scale", "")));
                    OperatorArity.check(node("s", "Slice", List.of("d", "starts", "ends", "", "steps")));
                    OperatorArity.check(node("sp", "Split", List.of("x", ""), List.of("a", "b", "c")));
                    OperatorArity.check(node("g", "Gemm", List.of("a", "b")));
                    OperatorArity.check(node("mb", "espalier.MatMulBias", List.of("x", "w", "")));
                })
                .doesNotThrowAnyException();
    }

    @Test
    void arityFollowsTheOpsetOfTheNode() {
        Instruction unsqueeze = node("u", "Unsqueeze", List.of("x"));
        assertThatCode(() -> OperatorArity.check(atOpset(unsqueeze, 11))).doesNotThrowAnyException();
        assertThatThrownBy(() -> OperatorArity.check(atOpset(unsqueeze, 13)))
                .hasMessageStartingWith("Operator Unsqueeze of node 'u' takes 2 inputs at opset 13 but has 1");
        Instruction gemm = node("g", "Gemm", List.of("a", "b"));
        assertThatThrownBy(() -> OperatorArity.check(atOpset(gemm, 9))).hasMessageContaining("takes 3 inputs");
    }

    @Test
    void fusedOperatorsSayTheCompilerWroteThem() {
        assertThatThrownBy(() -> OperatorArity.check(node("ln", "espalier.LayerNorm", List.of("x"))))
                .hasMessage("Operator espalier.LayerNorm of node 'ln' takes 2 to 4 inputs but has 1; espalier.*"
                        + " operators are written by the Espalier compiler; compile the model again with it");
    }

    @Test
    void anUnknownOperatorHasNoArityAndIsLeftToTheRegistry() {
        assertThat(OperatorArity.operators()).doesNotContain("NoSuchOp");
        assertThatCode(() -> OperatorArity.check(node("m", "NoSuchOp", List.of())))
                .doesNotThrowAnyException();
    }

    @Test
    void bindingAProgramRefusesAMalformedInstruction() {
        ValueSpec x = new ValueSpec("x", DType.FLOAT, List.of(Dim.symbol("n")));
        ValueSpec y = new ValueSpec("y", DType.FLOAT, List.of(Dim.symbol("n")));
        Program program = new Program(List.of(x), List.of(y), List.of(), List.of(node("x", "Pow", List.of("x"))));
        try (ComputePool pool = ComputePool.create(1)) {
            assertThatThrownBy(() -> new Executor(program, Map.of(), pool))
                    .isInstanceOf(EspalierException.class)
                    .hasMessageStartingWith("Operator Pow of node 'x' takes 2 inputs but has 1" + MALFORMED);
        }
    }

    private static Instruction node(String name, String op, List<String> inputs) {
        return node(name, op, inputs, List.of("y"));
    }

    private static Instruction node(String name, String op, List<String> inputs, List<String> outputs) {
        return new Instruction(name, op, inputs, outputs, Attributes.empty());
    }

    private static Instruction atOpset(Instruction instruction, long opset) {
        return new Instruction(
                instruction.name(),
                instruction.op(),
                instruction.inputs(),
                instruction.outputs(),
                instruction.attributes().with("opset", opset));
    }
}
