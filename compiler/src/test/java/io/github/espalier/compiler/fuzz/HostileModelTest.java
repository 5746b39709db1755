package io.github.espalier.compiler.fuzz;

import static io.github.espalier.compiler.onnx.OnnxModels.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import io.github.espalier.compiler.CompilationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Resource limits of the compiler, one hostile model each: every one is refused with a message that
 * names what and where, or compiled into an artifact the runtime loads, quickly and without a large
 * allocation or deep recursion.
 */
class HostileModelTest {
    private static final Duration QUICKLY = Duration.ofSeconds(30);

    private final Scratch scratch = Scratch.create();

    @AfterEach
    void removeScratch() {
        scratch.close();
    }

    @Test
    void cyclicGraphIsRefused() {
        OnnxMl.GraphProto.Builder graph = Seeds.onnxModel().getGraph().toBuilder();
        // mm now reads the value that the last node (reshape) makes out of mm's own result.
        graph.getNodeBuilder(1).setInput(0, "y");

        assertThatThrownBy(() -> compile(graph))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("model.onnx")
                .hasMessageContaining("'y'")
                .hasMessageContaining("topological order");
    }

    @Test
    void longChainOfNodesCompilesWithoutDeepRecursion() {
        OnnxMl.GraphProto.Builder graph = Seeds.onnxModel().getGraph().toBuilder();
        new GraphEdits.Chain("Identity", 50_000).apply(graph);

        assertThat(LoadedModels.exercise(compile(graph))).isEqualTo("ran");
    }

    @Test
    void hugeAttributeListsDoNotHang() {
        OnnxMl.GraphProto.Builder graph = Seeds.onnxModel().getGraph().toBuilder();
        for (int i = 0; i < 1_000; i++) {
            new GraphEdits.SetAttribute(1, "extra" + i, Long.MAX_VALUE, 1_000).apply(graph);
        }

        assertThat(LoadedModels.exercise(compile(graph))).isEqualTo("ran");
    }

    @Test
    void absurdRankIsRefusedAtImport() {
        OnnxMl.GraphProto.Builder graph = Seeds.onnxModel().getGraph().toBuilder();
        graph.getInitializerBuilder(0).addAllDims(Collections.nCopies(100_000, 1L));

        assertThatThrownBy(() -> compile(graph))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("tensor 'w'")
                .hasMessageContaining("rank");
    }

    /** Found by OnnxFuzzTest: the compiler wrote the program, and the runtime refused it at load. */
    @Test
    void operatorMissingARequiredAttributeFailsTheBuildNotTheApplication() {
        OnnxMl.GraphProto.Builder graph = Seeds.onnxModel().getGraph().toBuilder();
        new GraphEdits.Chain("Cast", 1).apply(graph);

        assertThatThrownBy(() -> compile(graph))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("model.onnx")
                .hasMessageContaining("Cast")
                .hasMessageContaining("'to'");
    }

    /** Found by OnnxFuzzTest: it compiled, and failed at run with "Index 1 out of bounds for length 1". */
    @Test
    void operatorWithTooFewInputsFailsTheBuildNotTheApplication() {
        OnnxMl.GraphProto.Builder graph = Seeds.onnxModel().getGraph().toBuilder();
        graph.getNodeBuilder(3).setName("pow").setOpType("Pow").clearAttribute();

        assertThatThrownBy(() -> compile(graph))
                .isInstanceOf(CompilationException.class)
                .hasMessage("model.onnx: Operator Pow of node 'pow' takes 2 inputs but has 1; the ONNX graph is"
                        + " malformed; re-export the model (onnx.checker finds this) and compile it again");
    }

    @Test
    void deeplyNestedSubgraphsAreRefusedByTheParser() {
        OnnxMl.GraphProto nested =
                OnnxMl.GraphProto.newBuilder().setName("leaf").build();
        for (int depth = 0; depth < 500; depth++) {
            nested = OnnxMl.GraphProto.newBuilder()
                    .addNode(OnnxMl.NodeProto.newBuilder()
                            .setOpType("If")
                            .addAttribute(OnnxMl.AttributeProto.newBuilder()
                                    .setName("then_branch")
                                    .setType(AttributeType.GRAPH)
                                    .setG(nested)))
                    .build();
        }
        OnnxMl.GraphProto.Builder graph = Seeds.onnxModel().getGraph().toBuilder();
        graph.getNodeBuilder(1)
                .addAttribute(OnnxMl.AttributeProto.newBuilder()
                        .setName("deep")
                        .setType(AttributeType.GRAPH)
                        .setG(nested));

        assertThatThrownBy(() -> compile(graph))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("model.onnx");
    }

    private Path compile(OnnxMl.GraphProto.Builder graph) {
        return assertTimeoutPreemptively(
                QUICKLY, () -> Seeds.compile(scratch, model(graph.build()).toByteArray(), null));
    }
}
