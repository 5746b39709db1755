package io.github.espalier.compiler.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.artifact.ArtifactWriter;
import io.github.espalier.runtime.model.CompiledModel;
import io.github.espalier.runtime.model.ModelOptions;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.program.Dim;
import io.github.espalier.runtime.program.Instruction;
import io.github.espalier.runtime.program.Program;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wrong arguments to a generated class, compiled with javac and run on a loaded model: what users see. */
class GeneratedWrapperValidationTest {
    private static final List<Dim> TOKENS = List.of(Dim.symbol("batch_size"), Dim.symbol("sequence_length"));
    private static final List<String> INPUTS = List.of("input_ids", "attention_mask", "token_type_ids");
    private static final WrapperSpec SPEC = new WrapperSpec(
            "com.example.Checked",
            "Checked.esp",
            INPUTS.stream()
                    .map(name -> new ValueSpec(name, DType.INT64, TOKENS))
                    .toList(),
            List.of(new ValueSpec(
                    "last_hidden_state",
                    DType.FLOAT,
                    List.of(Dim.symbol("batch_size"), Dim.symbol("sequence_length"), Dim.of(1)))),
            true,
            "test");

    @TempDir
    Path folder;

    @Test
    void nullArraysAndRowsAreNamed() throws Exception {
        try (AutoCloseable wrapper = wrapper()) {
            long[][] ids = {{2, 7, 3}};
            assertThatThrownBy(() -> forward(wrapper, null, ids, ids))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("inputIds must not be null");
            assertThatThrownBy(() -> forward(wrapper, ids, new long[][] {{1, 1, 1}, null}, ids))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("attentionMask[1] is null");
            assertThatThrownBy(() -> forward(wrapper, new long[][] {null, {1}}, ids, ids))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("inputIds[0] is null");
            assertThatThrownBy(() -> embed(wrapper, String.class, null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("text must not be null");
            assertThatThrownBy(() -> embed(wrapper, List.class, null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("texts must not be null");
        }
    }

    @Test
    void shapesThatDisagreeAreReportedWithBothSizes() throws Exception {
        try (AutoCloseable wrapper = wrapper()) {
            long[][] one = {{2, 7, 3}};
            long[][] two = {{2, 7, 3}, {2, 8, 3}};
            assertThatThrownBy(() -> forward(wrapper, one, two, one))
                    .isInstanceOf(EspalierException.class)
                    .hasMessage("inputs disagree on 'batch_size': 'input_ids' has 1 but 'attention_mask' has 2");
            assertThatThrownBy(() -> forward(wrapper, one, new long[][] {{1, 1}}, one))
                    .hasMessageContaining("inputs disagree on 'sequence_length'");
            assertThatThrownBy(() -> forward(wrapper, new long[][] {{2, 7, 3}, {2}}, two, two))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("inputIds[1] has 1 elements but the first row has 3");
        }
    }

    @Test
    void callsAfterCloseThrowIllegalStateException() throws Throwable {
        AutoCloseable wrapper = wrapper();
        long[][] ids = {{2, 7, 3}};
        Object output = forward(wrapper, ids, ids, ids);
        assertThat(output).isNotNull();
        wrapper.close();
        wrapper.close();
        assertThatThrownBy(() -> forward(wrapper, ids, ids, ids))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
    }

    /** The generated class around a model whose output is the ids as floats, [batch, sequence, 1]. */
    private AutoCloseable wrapper() throws Exception {
        Program program = new Program(
                SPEC.inputs(),
                SPEC.outputs(),
                List.of("last_axis"),
                List.of(
                        new Instruction(
                                "cast", "Cast", List.of("input_ids"), List.of("ids"), Attributes.of(Map.of("to", (long)
                                        DType.FLOAT.onnxCode()))),
                        new Instruction(
                                "unsqueeze",
                                "Unsqueeze",
                                List.of("ids", "last_axis"),
                                List.of("last_hidden_state"),
                                Attributes.empty())));
        Path artifact = folder.resolve("checked.esp");
        new ArtifactWriter()
                .program(program)
                .tensor("last_axis", Tensor.ofLongs(new long[] {2}, 1))
                .writeTo(artifact);
        Class<?> type = InMemoryJavaCompiler.compile(
                        SPEC.className(), WrapperGenerator.generate(SPEC).toString())
                .loadClass(SPEC.className());
        Constructor<?> constructor = type.getDeclaredConstructor(CompiledModel.class);
        constructor.setAccessible(true);
        return (AutoCloseable) constructor.newInstance(CompiledModel.open(artifact, new ModelOptions(1)));
    }

    private static Object forward(Object wrapper, long[][] ids, long[][] mask, long[][] types) throws Throwable {
        Method forward = wrapper.getClass().getMethod("forward", long[][].class, long[][].class, long[][].class);
        return unwrap(() -> forward.invoke(wrapper, ids, mask, types));
    }

    private static Object embed(Object wrapper, Class<?> parameter, Object argument) throws Throwable {
        Method embed = wrapper.getClass().getMethod("embed", parameter);
        return unwrap(() -> embed.invoke(wrapper, argument));
    }

    private interface Reflective {
        Object call() throws ReflectiveOperationException;
    }

    private static Object unwrap(Reflective call) throws Throwable {
        try {
            return call.call();
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
