package io.github.espalier.compiler.passes;

import static io.github.espalier.compiler.passes.Graphs.dim;
import static io.github.espalier.compiler.passes.Graphs.sym;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.compiler.ir.TensorType;
import io.github.espalier.runtime.program.Dim;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShapeInferenceTest {
    private static final Dim B = sym("batch");
    private static final Dim S = sym("seq");

    private static Map<String, TensorType> infer(Graphs graph) {
        return new ShapeInference().apply(graph.build()).valueTypes();
    }

    private static TensorType floats(Dim... shape) {
        return new TensorType(DType.FLOAT, List.of(shape));
    }

    @Test
    void reshapeFedByShapeChainGetsSymbolicDims() {
        Graphs graph = new Graphs()
                .input("x", DType.FLOAT, B, S, dim(384))
                .longs("zero", 0)
                .longs("one", 1)
                .longs("heads", 12)
                .longs("size", 32)
                .longs("merge", 0, 0, -1)
                .node("Shape", List.of("x"), "shape")
                .node("Gather", List.of("shape", "zero"), "b", Map.of("axis", 0L))
                .node("Gather", List.of("shape", "one"), "s", Map.of("axis", 0L))
                .node("Concat", List.of("b", "s", "heads", "size"), "target", Map.of("axis", 0L))
                .node("Reshape", List.of("x", "target"), "split")
                .node("Reshape", List.of("split", "merge"), "merged");

        Map<String, TensorType> types = infer(graph);

        assertThat(types.get("shape")).isEqualTo(new TensorType(DType.INT64, List.of(dim(3))));
        assertThat(types.get("split")).isEqualTo(floats(B, S, dim(12), dim(32)));
        assertThat(types.get("merged")).isEqualTo(floats(B, S, dim(384)));
    }

    @Test
    void slicedShapeVectorKeepsItsSymbols() {
        Graphs graph = new Graphs()
                .input("x", DType.FLOAT, B, S, dim(384))
                .longs("zero", 0)
                .longs("two", 2)
                .longs("heads", 12, 32)
                .node("Shape", List.of("x"), "shape")
                .node("Slice", List.of("shape", "zero", "two"), "leading")
                .node("Concat", List.of("leading", "heads"), "target", Map.of("axis", 0L))
                .node("Reshape", List.of("x", "target"), "split");

        Map<String, TensorType> types = infer(graph);

        assertThat(types.get("leading")).isEqualTo(new TensorType(DType.INT64, List.of(dim(2))));
        assertThat(types.get("split")).isEqualTo(floats(B, S, dim(12), dim(32)));
    }

    @Test
    void attentionShapes() {
        Graphs graph = new Graphs()
                .input("q", DType.FLOAT, B, S, dim(12), dim(32))
                .input("mask", DType.INT64, B, S)
                .node("Transpose", List.of("q"), "qt", Map.of("perm", new long[] {0, 2, 1, 3}))
                .node("Transpose", List.of("q"), "kt", Map.of("perm", new long[] {0, 2, 3, 1}))
                .node("MatMul", List.of("qt", "kt"), "scores")
                .node("Unsqueeze", List.of("mask"), "m1", Map.of("axes", new long[] {1, 2}))
                .node("Cast", List.of("m1"), "mf", Map.of("to", 1L))
                .node("Add", List.of("scores", "mf"), "masked")
                .node("Softmax", List.of("masked"), "probs", Map.of("axis", -1L))
                .node("ReduceMean", List.of("probs"), "mean", Map.of("axes", new long[] {-1}));

        Map<String, TensorType> types = infer(graph);

        assertThat(types.get("scores")).isEqualTo(floats(B, dim(12), S, S));
        assertThat(types.get("mf")).isEqualTo(floats(B, dim(1), dim(1), S));
        assertThat(types.get("probs")).isEqualTo(floats(B, dim(12), S, S));
        assertThat(types.get("mean")).isEqualTo(floats(B, dim(12), S, dim(1)));
    }

    @Test
    void positionIdsSlicedToSequenceLengthThenEmbedded() {
        Graphs graph = new Graphs()
                .input("ids", DType.INT64, B, S)
                .constant("positions", Tensor.allocate(DType.INT64, 1, 512))
                .constant("table", Tensor.allocate(DType.FLOAT, 512, 384))
                .longs("zero", 0)
                .longs("one", 1)
                .node("Shape", List.of("ids"), "shape")
                .node("Gather", List.of("shape", "one"), "len")
                .node("Slice", List.of("positions", "zero", "len", "one", "one"), "pos")
                .node("Gather", List.of("table", "pos"), "embedded");

        Map<String, TensorType> types = infer(graph);

        assertThat(types.get("pos")).isEqualTo(new TensorType(DType.INT64, List.of(dim(1), S)));
        assertThat(types.get("embedded")).isEqualTo(floats(dim(1), S, dim(384)));
    }

    @Test
    void quantizedMatMulTypes() {
        Graphs graph = new Graphs()
                .input("x", DType.FLOAT, B, S, dim(384))
                .constant("w", Tensor.allocate(DType.INT8, 384, 1536))
                .node("DynamicQuantizeLinear", List.of("x"), List.of("xq", "scale", "zp"), Map.of())
                .node("MatMulInteger", List.of("xq", "w"), "acc");

        Map<String, TensorType> types = infer(graph);

        assertThat(types.get("xq")).isEqualTo(new TensorType(DType.UINT8, List.of(B, S, dim(384))));
        assertThat(types.get("scale")).isEqualTo(new TensorType(DType.FLOAT, List.of()));
        assertThat(types.get("zp")).isEqualTo(new TensorType(DType.UINT8, List.of()));
        assertThat(types.get("acc")).isEqualTo(new TensorType(DType.INT32, List.of(B, S, dim(1536))));
    }

    @Test
    void otherBertOperators() {
        Graphs graph = new Graphs()
                .input("x", DType.FLOAT, B, S, dim(384))
                .input("mask", DType.INT64, B, S)
                .constant("w", Tensor.allocate(DType.FLOAT, 384, 384))
                .constant("gamma", Tensor.allocate(DType.FLOAT, 384))
                .longs("zero", 0)
                .longs("limit", 7)
                .longs("step", 2)
                .longs("dims", 2, 3)
                .longs("squeezeAxes", 1)
                .node("LayerNormalization", List.of("x", "gamma", "gamma"), "normed", Map.of("axis", -1L))
                .node("Gelu", List.of("normed"), "gelu")
                .node("Tanh", List.of("gelu"), "tanh")
                .node("Equal", List.of("mask", "zero"), "isPad")
                .node("Where", List.of("isPad", "zero", "mask"), "chosen")
                .node("Split", List.of("x"), List.of("left", "right"), Map.of("axis", 2L))
                .node("Gemm", List.of("w", "w"), "gemm", Map.of("transA", 1L))
                .node("ConstantOfShape", List.of("dims"), "zeros", Map.of("value", Tensor.ofLongs(new long[] {0}, 1)))
                .node("Expand", List.of("zero", "dims"), "expanded", Map.of())
                .node("Range", List.of("zero", "limit", "step"), "range")
                .node("Unsqueeze", List.of("mask"), "m3", Map.of("axes", new long[] {1}))
                .node("Squeeze", List.of("m3", "squeezeAxes"), "m2");

        Map<String, TensorType> types = infer(graph);

        assertThat(types.get("tanh")).isEqualTo(floats(B, S, dim(384)));
        assertThat(types.get("isPad")).isEqualTo(new TensorType(DType.BOOL, List.of(B, S)));
        assertThat(types.get("chosen")).isEqualTo(new TensorType(DType.INT64, List.of(B, S)));
        assertThat(types.get("left")).isEqualTo(floats(B, S, dim(192)));
        assertThat(types.get("right")).isEqualTo(floats(B, S, dim(192)));
        assertThat(types.get("gemm")).isEqualTo(floats(dim(384), dim(384)));
        assertThat(types.get("zeros")).isEqualTo(new TensorType(DType.INT64, List.of(dim(2), dim(3))));
        assertThat(types.get("expanded")).isEqualTo(new TensorType(DType.INT64, List.of(dim(2), dim(3))));
        assertThat(types.get("range")).isEqualTo(new TensorType(DType.INT64, List.of(dim(4))));
        assertThat(types.get("m2")).isEqualTo(new TensorType(DType.INT64, List.of(B, S)));
    }

    @Test
    void unknownOperatorKeepsElementTypeWithoutFailing() {
        Graphs graph = new Graphs().input("x", DType.FLOAT, B, dim(4)).node("espalier.Mystery", List.of("x"), "y");

        assertThat(infer(graph).get("y")).isEqualTo(new TensorType(DType.FLOAT, null));
    }
}
