package io.github.espalier.compiler.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.compiler.backend.java.ProgramBuilder;
import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.ir.Node;
import io.github.espalier.compiler.ir.TensorType;
import io.github.espalier.compiler.passes.ConstantFolding;
import io.github.espalier.compiler.passes.DeadCodeElimination;
import io.github.espalier.compiler.passes.ShapeInference;
import io.github.espalier.runtime.exec.OperatorArity;
import io.github.espalier.runtime.program.Dim;
import io.github.espalier.runtime.program.Instruction;
import io.github.espalier.runtime.program.Program;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.DType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imports the real all-MiniLM-L6-v2 checkpoints (fp32 and int8) from the langchain4j jars. Expected
 * counts come from the Python {@code onnx} package: nodes other than Constant, and initializers plus
 * Constant nodes (which the importer turns into initializers).
 */
class MiniLmImportTest {
    private static final Set<String> FP32_OPS = Set.of(
            "Add",
            "Cast",
            "Concat",
            "Div",
            "Erf",
            "Gather",
            "MatMul",
            "Mul",
            "Pow",
            "ReduceMean",
            "Reshape",
            "Shape",
            "Slice",
            "Softmax",
            "Sqrt",
            "Sub",
            "Transpose",
            "Unsqueeze");
    private static final List<Dim> BATCH_BY_SEQUENCE = List.of(Dim.symbol("batch_size"), Dim.symbol("sequence_length"));

    @TempDir
    Path folder;

    @Test
    void importsFp32Model() throws IOException {
        Graph graph = OnnxImporter.importModel(copy("/all-minilm-l6-v2.onnx"), FP32_OPS);

        assertThat(graph.nodes()).hasSize(491);
        assertThat(graph.initializers()).hasSize(248);
        assertThat(opTypes(graph)).isEqualTo(new TreeSet<>(FP32_OPS));
        assertMiniLmInterface(graph);
    }

    @Test
    void importsInt8Model() throws IOException {
        Set<String> ops = new TreeSet<>(FP32_OPS);
        ops.addAll(Set.of("DequantizeLinear", "DynamicQuantizeLinear", "MatMulInteger"));

        Graph graph = OnnxImporter.importModel(copy("/all-minilm-l6-v2-q.onnx"), ops);

        assertThat(graph.nodes()).hasSize(626);
        assertThat(graph.initializers()).hasSize(326);
        assertThat(opTypes(graph)).isEqualTo(ops);
        assertMiniLmInterface(graph);
    }

    private static void assertMiniLmInterface(Graph graph) {
        assertThat(graph.inputs())
                .containsExactly(
                        new ValueSpec("input_ids", DType.INT64, BATCH_BY_SEQUENCE),
                        new ValueSpec("attention_mask", DType.INT64, BATCH_BY_SEQUENCE),
                        new ValueSpec("token_type_ids", DType.INT64, BATCH_BY_SEQUENCE));
        List<Dim> hidden = List.of(Dim.symbol("batch_size"), Dim.symbol("sequence_length"), Dim.of(384));
        assertThat(graph.outputs()).containsExactly(new ValueSpec("last_hidden_state", DType.FLOAT, hidden));
        assertThat(graph.nodes())
                .allSatisfy(
                        node -> assertThat(node.attributes().getLong("opset")).isEqualTo(11L));
        // Throws, naming the node, where a real export would be refused as malformed.
        graph.nodes()
                .forEach(node -> OperatorArity.check(
                        new Instruction(node.name(), node.opType(), node.inputs(), node.outputs(), node.attributes())));

        Graph typed = new ShapeInference().apply(graph);

        assertThat(typed.valueTypes().get("last_hidden_state")).isEqualTo(new TensorType(DType.FLOAT, hidden));
        // The attention heads: Reshape to [batch, sequence, 12, 32] fed by a Shape/Gather/Concat chain.
        assertThat(typed.valueTypes().get("/encoder/layer.0/attention/self/Reshape_output_0"))
                .isEqualTo(new TensorType(
                        DType.FLOAT,
                        List.of(Dim.symbol("batch_size"), Dim.symbol("sequence_length"), Dim.of(12), Dim.of(32))));
        Program program = ProgramBuilder.build(new DeadCodeElimination().apply(new ConstantFolding().apply(typed)));
        assertThat(program.inputs()).isEqualTo(graph.inputs());
        assertThat(program.instructions())
                .isNotEmpty()
                .hasSizeLessThanOrEqualTo(graph.nodes().size());
        assertThat(program.constants()).isNotEmpty().allMatch(name -> !name.isEmpty());
        assertThat(typed.valueTypes().keySet())
                .as("every node output has a type")
                .containsAll(graph.nodes().stream()
                        .flatMap(node -> node.outputs().stream())
                        .toList());
    }

    private static Set<String> opTypes(Graph graph) {
        return graph.nodes().stream().map(Node::opType).collect(Collectors.toCollection(TreeSet::new));
    }

    private Path copy(String resource) throws IOException {
        Path file = folder.resolve(resource.substring(1));
        try (InputStream in = MiniLmImportTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource + " on the test classpath").isNotNull();
            Files.copy(in, file);
        }
        return file;
    }
}
