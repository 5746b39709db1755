package io.github.espalier.runtime.exec.kernels;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.runtime.exec.KernelRegistry;
import org.junit.jupiter.api.Test;

class StandardKernelsTest {
    @Test
    void registersEveryOperatorOfTheTransformerSubset() {
        assertThat(StandardKernels.factories().keySet())
                .containsExactlyInAnyOrder(
                        "Add",
                        "Sub",
                        "Mul",
                        "Div",
                        "Pow",
                        "Sqrt",
                        "Erf",
                        "Tanh",
                        "Relu",
                        "Sigmoid",
                        "Neg",
                        "Exp",
                        "Identity",
                        "Cast",
                        "Where",
                        "Equal",
                        "Less",
                        "Greater",
                        "Not",
                        "Concat",
                        "Gather",
                        "Reshape",
                        "Shape",
                        "Slice",
                        "Transpose",
                        "Unsqueeze",
                        "Squeeze",
                        "Expand",
                        "ConstantOfShape",
                        "Range",
                        "Split",
                        "ReduceMean",
                        "ReduceSum",
                        "Softmax",
                        "MatMul",
                        "Gemm",
                        "Gelu",
                        "LayerNormalization",
                        "DequantizeLinear",
                        "DynamicQuantizeLinear",
                        "MatMulInteger",
                        "Constant");
        assertThat(KernelRegistry.supportedOps())
                .containsAll(StandardKernels.factories().keySet());
    }
}
