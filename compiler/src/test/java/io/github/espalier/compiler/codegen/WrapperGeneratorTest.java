package io.github.espalier.compiler.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.espalier.runtime.model.ModelInfo;
import io.github.espalier.runtime.program.Dim;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WrapperGeneratorTest {
    private static final Dim BATCH = Dim.symbol("batch_size");
    private static final Dim SEQUENCE = Dim.symbol("sequence_length");

    /** The shape of all-MiniLM-L6-v2's graph, as its ONNX export declares it. */
    private static final WrapperSpec MINILM = new WrapperSpec(
            "com.example.MiniLm",
            "MiniLm.esp",
            List.of(
                    new ValueSpec("input_ids", DType.INT64, List.of(BATCH, SEQUENCE)),
                    new ValueSpec("attention_mask", DType.INT64, List.of(BATCH, SEQUENCE)),
                    new ValueSpec("token_type_ids", DType.INT64, List.of(BATCH, SEQUENCE))),
            List.of(new ValueSpec("last_hidden_state", DType.FLOAT, List.of(BATCH, SEQUENCE, Dim.of(384)))),
            true,
            "test");

    /** Every element type and ranks 0 to 3, with names that are not Java identifiers as they stand. */
    private static final WrapperSpec ODD = new WrapperSpec(
            "org.acme.models.Odd",
            "Odd.esp",
            List.of(
                    new ValueSpec("pixel.values", DType.FLOAT, List.of(BATCH, Dim.of(3), Dim.of(2))),
                    new ValueSpec("class", DType.INT32, List.of(BATCH)),
                    new ValueSpec("scale", DType.DOUBLE, List.of()),
                    new ValueSpec("mask", DType.BOOL, List.of(BATCH, SEQUENCE)),
                    new ValueSpec("codes", DType.INT8, List.of(BATCH, SEQUENCE))),
            List.of(
                    new ValueSpec("1234", DType.FLOAT, List.of(BATCH)),
                    new ValueSpec("logits:0", DType.DOUBLE, List.of(BATCH, Dim.of(2))),
                    new ValueSpec("count", DType.INT64, List.of())),
            false,
            "test");

    @Test
    void miniLmWrapperCompilesWithAllLintWarningsAsErrors() throws Exception {
        Class<?> wrapper = compile(MINILM);

        assertThat(Modifier.isFinal(wrapper.getModifiers())).isTrue();
        assertThat(AutoCloseable.class.isAssignableFrom(wrapper)).isTrue();
        Method forward = method(wrapper, "forward");
        assertThat(Arrays.stream(forward.getParameters()).map(Parameter::getName))
                .containsExactly("inputIds", "attentionMask", "tokenTypeIds");
        assertThat(forward.getParameterTypes()).containsOnly(long[][].class);
        Class<?> output = forward.getReturnType();
        assertThat(output.getSimpleName()).isEqualTo("Output");
        assertThat(output.isRecord()).isTrue();
        assertThat(Arrays.stream(output.getRecordComponents()).map(RecordComponent::getName))
                .containsExactly("lastHiddenState");
        assertThat(output.getRecordComponents()[0].getType()).isEqualTo(float[][][].class);

        assertThat(wrapper.getMethod("embed", String.class).getReturnType()).isEqualTo(float[].class);
        assertThat(wrapper.getMethod("embed", List.class).getReturnType()).isEqualTo(float[][].class);
        assertThat(wrapper.getMethod("info").getReturnType()).isEqualTo(ModelInfo.class);
        assertThat(wrapper.getMethod("load").getReturnType()).isEqualTo(wrapper);
        Class<?> options = wrapper.getMethod(
                        "load", Class.forName("com.example.MiniLm$Options", false, wrapper.getClassLoader()))
                .getParameterTypes()[0];
        assertThat(options.isRecord()).isTrue();
        assertThat(options.getMethod("threads", int.class).getReturnType()).isEqualTo(options);
    }

    @Test
    void namesAndTypesFollowTheGraph() throws Exception {
        Class<?> wrapper = compile(ODD);

        Method forward = method(wrapper, "forward");
        assertThat(Arrays.stream(forward.getParameters()).map(Parameter::getName))
                .containsExactly("pixelValues", "class_", "scale", "mask", "codes");
        assertThat(forward.getParameterTypes())
                .containsExactly(float[][][].class, int[].class, double.class, byte[][].class, byte[][].class);
        RecordComponent[] outputs = forward.getReturnType().getRecordComponents();
        assertThat(Arrays.stream(outputs).map(RecordComponent::getName)).containsExactly("v1234", "logits0", "count");
        assertThat(Arrays.stream(outputs).map(RecordComponent::getType))
                .containsExactly(float[].class, double[][].class, long.class);
    }

    @Test
    void withoutTokenizerThereAreNoEmbedMethods() throws Exception {
        Class<?> wrapper = compile(ODD);

        assertThat(Arrays.stream(wrapper.getMethods()).map(Method::getName)).doesNotContain("embed");
    }

    @Test
    void rectangularArraysBecomeRowMajorTensors() throws Exception {
        Method tensorOf = helper(compile(ODD), "tensorOfFloat3");
        float[][][] values = {{{1, 2}, {3, 4}, {5, 6}}, {{7, 8}, {9, 10}, {11, 12}}};

        Tensor tensor = (Tensor) tensorOf.invoke(null, "pixelValues", DType.FLOAT, values);

        assertThat(tensor.shape()).containsExactly(2, 3, 2);
        assertThat(tensor.toFloatArray()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    }

    @Test
    void raggedArraysAreRejectedNamingTheRow() throws Exception {
        Method tensorOf = helper(compile(MINILM), "tensorOfLong2");
        long[][] ragged = {{101, 2023, 102}, {101, 102}};

        assertThatThrownBy(() -> invoke(tensorOf, "inputIds", DType.INT64, ragged))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inputIds[1] has 2 elements but the first row has 3")
                .hasMessageContaining("rectangular");
    }

    @Test
    void tensorsBecomeNestedArrays() throws Exception {
        Method arrayOf = helper(compile(MINILM), "arrayOfFloat3");
        float[] flat = new float[2 * 3 * 4];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = i;
        }

        float[][][] array = (float[][][]) arrayOf.invoke(null, "last_hidden_state", Tensor.ofFloats(flat, 2, 3, 4));

        assertThat(array).hasDimensions(2, 3);
        assertThat(array[1][2]).containsExactly(20, 21, 22, 23);
        assertThat(array[0][1]).containsExactly(4, 5, 6, 7);
    }

    @Test
    void emptyBatchesKeepTheirShape() throws Exception {
        Method tensorOf = helper(compile(MINILM), "tensorOfLong2");

        Tensor tensor = (Tensor) tensorOf.invoke(null, "inputIds", DType.INT64, new long[0][]);

        assertThat(tensor.shape()).containsExactly(0, 0);
    }

    private static Class<?> compile(WrapperSpec spec) throws ClassNotFoundException {
        String source = WrapperGenerator.generate(spec).toString();
        return InMemoryJavaCompiler.compile(spec.className(), source).loadClass(spec.className());
    }

    private static Method method(Class<?> type, String name) {
        return Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static Method helper(Class<?> type, String name) {
        Method method = Arrays.stream(type.getDeclaredMethods())
                .filter(m -> m.getName().equals(name))
                .findFirst()
                .orElseThrow();
        method.setAccessible(true);
        return method;
    }

    private static Object invoke(Method method, Object... args) throws Throwable {
        try {
            return method.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
