package io.github.espalier.compiler.fuzz;

import static io.github.espalier.compiler.onnx.OnnxModels.model;
import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl;
import io.github.espalier.compiler.CompilationException;
import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.model.CompiledModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the whole compiler front end (ONNX import, the optimizer's passes, program building) with
 * damaged copies of a small valid model: byte mutations of its protobuf, and graph edits that keep the
 * protobuf valid but make the model hostile (huge or negative dims, absurd ranks, cycles, rewired and
 * renamed values, swapped operators, floods of attributes, long chains). Only {@link CompilationException}
 * may leave the compiler; what it does compile must load, and run or fail with {@link EspalierException},
 * whose cause is never an index or null-pointer exception from a kernel (a node of the wrong arity).
 */
class OnnxFuzzTest {
    private static final List<Class<? extends RuntimeException>> COMPILER = List.of(CompilationException.class);
    private static final List<Class<? extends RuntimeException>> RUNTIME = List.of(EspalierException.class);

    @Test
    void theSeedCompilesAndRuns() {
        try (Scratch scratch = Scratch.create()) {
            assertThat(LoadedModels.exercise(
                            Seeds.compile(scratch, Seeds.onnxModel().toByteArray(), null)))
                    .isEqualTo("ran");
        }
    }

    @Test
    void mutatedModelBytes() {
        byte[] seed = Seeds.onnxModel().toByteArray();
        Fuzzer.run("ONNX bytes", 300, ByteMutations::edits, edits -> compileAndRun(ByteMutations.apply(edits, seed)));
    }

    @Test
    void hostileGraphs() {
        Fuzzer.run("ONNX graph edits", 300, GraphEdits::edits, edits -> {
            OnnxMl.GraphProto.Builder graph = Seeds.onnxModel().getGraph().toBuilder();
            edits.forEach(edit -> edit.apply(graph));
            return compileAndRun(model(graph.build()).toByteArray());
        });
    }

    private static String compileAndRun(byte[] model) {
        try (Scratch scratch = Scratch.create()) {
            Path[] artifact = new Path[1];
            Throwable rejected =
                    DocumentedFailures.check(() -> artifact[0] = Seeds.compile(scratch, model, null), COMPILER);
            if (rejected != null) {
                assertThat(rejected.getMessage()).as("names the model file").contains("model.onnx");
                return "rejected by the compiler";
            }
            CompiledModel[] loaded = new CompiledModel[1];
            Throwable refused = DocumentedFailures.check(() -> loaded[0] = LoadedModels.open(artifact[0]), RUNTIME);
            assertThat(refused).as("the runtime loads what the compiler wrote").isNull();
            try (CompiledModel compiled = loaded[0]) {
                String[] outcome = new String[1];
                Throwable failed = DocumentedFailures.check(() -> outcome[0] = LoadedModels.run(compiled), RUNTIME);
                if (failed == null) {
                    return outcome[0];
                }
                // What a kernel throws when it reaches for an input the node lacks: the build must refuse those.
                assertThat(failed.getCause())
                        .as("a node with too few inputs or outputs fails the build, not the run")
                        .isNotInstanceOfAny(IndexOutOfBoundsException.class, NullPointerException.class);
                return "compiled, failed at run";
            }
        }
    }
}
