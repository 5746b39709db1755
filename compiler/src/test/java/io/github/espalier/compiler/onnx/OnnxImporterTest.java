package io.github.espalier.compiler.onnx;

import static io.github.espalier.compiler.onnx.OnnxModels.FLOAT;
import static io.github.espalier.compiler.onnx.OnnxModels.INT8;
import static io.github.espalier.compiler.onnx.OnnxModels.attribute;
import static io.github.espalier.compiler.onnx.OnnxModels.model;
import static io.github.espalier.compiler.onnx.OnnxModels.node;
import static io.github.espalier.compiler.onnx.OnnxModels.rawFloats;
import static io.github.espalier.compiler.onnx.OnnxModels.typedLongs;
import static io.github.espalier.compiler.onnx.OnnxModels.value;
import static io.github.espalier.compiler.onnx.OnnxModels.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import com.google.protobuf.ByteString;
import io.github.espalier.compiler.CompilationException;
import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.ir.Node;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.program.Dim;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxImporterTest {
    private static final Set<String> SUPPORTED = Set.of("Add", "MatMul", "Softmax");

    @TempDir
    Path folder;

    private static OnnxMl.GraphProto.Builder tinyGraph() {
        OnnxMl.TensorProto cValue = OnnxMl.TensorProto.newBuilder()
                .setDataType(FLOAT)
                .addDims(1)
                .addFloatData(0.5f)
                .build();
        OnnxMl.TensorProto int8 = OnnxMl.TensorProto.newBuilder()
                .setName("q")
                .setDataType(INT8)
                .addDims(3)
                .addAllInt32Data(List.of(-1, 2, 127))
                .build();
        return OnnxMl.GraphProto.newBuilder()
                .setName("tiny")
                .addInput(value("x", FLOAT, "batch", 4))
                .addInput(value("w", FLOAT, 4, 2))
                .addOutput(value("y", FLOAT, "batch", OnnxMl.TensorShapeProto.Dimension.getDefaultInstance()))
                .addInitializer(rawFloats("w", List.of(4L, 2L), 1, 2, 3, 4, 5, 6, 7, -8.25f))
                .addInitializer(typedLongs("axes", List.of(2L), 1, -1))
                .addInitializer(int8)
                .addNode(node("Constant", "const", List.of(), List.of("c"))
                        .addAttribute(attribute("value", AttributeType.TENSOR).setT(cValue)))
                .addNode(node("MatMul", "mm", List.of("x", "w"), List.of("m")))
                .addNode(node("Add", "", List.of("m", "c"), List.of("a")))
                .addNode(node("Softmax", "every_attribute_kind", List.of("a"), List.of("y"))
                        .addAttribute(attribute("axis", AttributeType.INT).setI(-1))
                        .addAttribute(attribute("alpha", AttributeType.FLOAT).setF(0.25f))
                        .addAttribute(attribute("mode", AttributeType.STRING).setS(utf8("fast")))
                        .addAttribute(attribute("perm", AttributeType.INTS).addAllInts(List.of(1L, 0L)))
                        .addAttribute(attribute("scales", AttributeType.FLOATS).addAllFloats(List.of(1.5f, 2f)))
                        .addAttribute(attribute("names", AttributeType.STRINGS)
                                .addStrings(utf8("a"))
                                .addStrings(utf8("b")))
                        .addAttribute(attribute("t", AttributeType.TENSOR).setT(typedLongs("", List.of(1L), 42))));
    }

    private static ByteString utf8(String text) {
        return ByteString.copyFrom(text, StandardCharsets.UTF_8);
    }

    private Graph importGraph(OnnxMl.GraphProto graph) {
        return OnnxImporter.importModel(write(folder, model(graph)), SUPPORTED);
    }

    @Test
    void importsInputsOutputsInitializersAndNodes() {
        Graph graph = importGraph(tinyGraph().build());

        assertThat(graph.name()).isEqualTo("tiny");
        assertThat(graph.inputs())
                .as("w is an initializer, so a constant, not an input")
                .containsExactly(new ValueSpec("x", DType.FLOAT, List.of(Dim.symbol("batch"), Dim.of(4))));
        assertThat(graph.outputs()).singleElement().satisfies(y -> {
            assertThat(y.shape().get(0)).isEqualTo(Dim.symbol("batch"));
            assertThat(y.shape().get(1).isSymbolic())
                    .as("a dim with neither value nor param")
                    .isTrue();
        });
        assertThat(graph.nodes()).extracting(Node::name).containsExactly("mm", "Add_2", "every_attribute_kind");
        assertThat(graph.nodes()).extracting(Node::opType).containsExactly("MatMul", "Add", "Softmax");
        assertThat(graph.nodes().get(1).inputs()).containsExactly("m", "c");
        assertThat(graph.nodes())
                .allSatisfy(
                        node -> assertThat(node.attributes().getLong("opset")).isEqualTo(13L));
    }

    @Test
    void decodesRawTypedAndConstantNodeInitializers() {
        Graph graph = importGraph(tinyGraph().build());

        assertThat(graph.initializers()).containsOnlyKeys("w", "axes", "q", "c");
        Tensor w = graph.initializers().get("w");
        assertThat(w.shape()).containsExactly(4, 2);
        assertThat(w.toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6, 7, -8.25f);
        assertThat(graph.initializers().get("axes").toLongArray()).containsExactly(1, -1);
        Tensor q = graph.initializers().get("q");
        assertThat(q.dtype()).isEqualTo(DType.INT8);
        assertThat(new byte[] {q.getByte(0), q.getByte(1), q.getByte(2)}).containsExactly(-1, 2, 127);
        assertThat(graph.initializers().get("c").toFloatArray()).containsExactly(0.5f);
    }

    @Test
    void convertsEveryAttributeKind() {
        Attributes attributes = importGraph(tinyGraph().build()).nodes().get(2).attributes();

        assertThat(attributes.asMap().get("axis")).isEqualTo(-1L);
        assertThat(attributes.asMap().get("alpha")).isEqualTo(0.25f);
        assertThat(attributes.asMap().get("mode")).isEqualTo("fast");
        assertThat((long[]) attributes.asMap().get("perm")).containsExactly(1, 0);
        assertThat((float[]) attributes.asMap().get("scales")).containsExactly(1.5f, 2f);
        assertThat((String[]) attributes.asMap().get("names")).containsExactly("a", "b");
        assertThat(attributes.getTensor("t").toLongArray()).containsExactly(42);
    }

    /** Found by the byte fuzzer: such a model compiled, and the runtime refused it at load. */
    @Test
    void aGraphWithoutOutputsIsRefused() {
        OnnxMl.GraphProto graph = tinyGraph().clearOutput().build();

        assertThatThrownBy(() -> importGraph(graph))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("declares no outputs");
    }

    /** Found by the byte fuzzer: a Constant without an output failed with an index out of bounds. */
    @Test
    void aNodeWithoutOutputsIsRefused() {
        OnnxMl.GraphProto.Builder graph = tinyGraph();
        graph.setNode(0, graph.getNode(0).toBuilder().clearOutput());

        assertThatThrownBy(() -> importGraph(graph.build()))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("Node 'const' (Constant) has no outputs");
    }

    @Test
    void unsupportedOperatorNamesOpNodeOpsetAndSupportedOps() {
        OnnxMl.GraphProto graph = tinyGraph()
                .addNode(node("Einsum", "mix", List.of("y"), List.of("z")))
                .build();

        assertThatThrownBy(() -> importGraph(graph))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("Einsum")
                .hasMessageContaining("'mix'")
                .hasMessageContaining("domain ai.onnx, opset 13")
                .hasMessageContaining("[Add, MatMul, Softmax]");
    }

    @Test
    void operatorOfAnotherDomainIsRejectedEvenIfItsNameIsSupported() {
        OnnxMl.GraphProto graph = tinyGraph()
                .addNode(node("Add", "fused", List.of("y", "y"), List.of("z")).setDomain("com.microsoft"))
                .build();

        assertThatThrownBy(() -> importGraph(graph))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("Add of node 'fused' (domain com.microsoft, opset 1)");
    }

    @Test
    void corruptFileIsNotAReadableModel() throws IOException {
        Path file = write(folder, model(tinyGraph().build()));
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> OnnxImporter.importModel(file, SUPPORTED))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a readable ONNX model");
    }

    @Test
    void textFileIsNotAReadableModel() throws IOException {
        Path file = Files.writeString(folder.resolve("notes.onnx"), "just some text, not a protobuf");

        assertThatThrownBy(() -> OnnxImporter.importModel(file, SUPPORTED))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a readable ONNX model");
    }

    @Test
    void missingFileNamesThePath() {
        Path file = folder.resolve("absent.onnx");

        assertThatThrownBy(() -> OnnxImporter.importModel(file, SUPPORTED))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("not found")
                .hasMessageContaining(file.toString());
    }

    @Test
    void dataLengthMustMatchDeclaredShape() {
        OnnxMl.GraphProto graph = tinyGraph()
                .addInitializer(rawFloats("short", List.of(3L), 1, 2))
                .build();

        assertThatThrownBy(() -> importGraph(graph))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("tensor 'short'")
                .hasMessageContaining("holds 8 bytes of raw_data")
                .hasMessageContaining("[3]");
    }

    @Test
    void negativeAndOverflowingShapesAreRefusedBeforeAllocating() {
        OnnxMl.GraphProto negative =
                tinyGraph().addInitializer(typedLongs("neg", List.of(2L, -3L))).build();
        OnnxMl.GraphProto huge = tinyGraph()
                .addInitializer(typedLongs("huge", List.of(1L << 40, 1L << 40)))
                .build();

        assertThatThrownBy(() -> importGraph(negative))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("tensor 'neg'")
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> importGraph(huge))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("tensor 'huge'")
                .hasMessageContaining("more elements");
    }
}
