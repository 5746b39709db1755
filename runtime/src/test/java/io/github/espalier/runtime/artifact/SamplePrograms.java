package io.github.espalier.runtime.artifact;

import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.program.Dim;
import io.github.espalier.runtime.program.Instruction;
import io.github.espalier.runtime.program.Program;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small program that uses every attribute type, and constants of every element type. */
final class SamplePrograms {
    private SamplePrograms() {}

    static Map<String, Object> everyAttributeType() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("long", -7L);
        attributes.put("float", 1.5e-3f);
        attributes.put("string", "gelu ü ∑");
        attributes.put("longs", new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE});
        attributes.put("floats", new float[] {Float.NaN, -0f, Float.MAX_VALUE});
        attributes.put("strings", new String[] {"a", "", "ĉ"});
        attributes.put("tensor", Tensor.ofInts(new int[] {1, -2, 3, Integer.MIN_VALUE}, 2, 2));
        attributes.put("scalar", Tensor.ofLongs(new long[] {42}));
        return attributes;
    }

    static Program program() {
        return new Program(
                List.of(
                        new ValueSpec("input_ids", DType.INT64, List.of(Dim.symbol("batch"), Dim.symbol("seq"))),
                        new ValueSpec("scale", DType.FLOAT, List.of(Dim.of(3)))),
                List.of(new ValueSpec("out", DType.FLOAT, List.of(Dim.symbol("batch"), Dim.of(3)))),
                List.of("w_float", "w_uint8"),
                List.of(
                        new Instruction(
                                "n0",
                                "espalier.Everything",
                                List.of("input_ids", "", "w_float"),
                                List.of("t0"),
                                Attributes.of(everyAttributeType())),
                        new Instruction("n1", "Mul", List.of("t0", "scale"), List.of("out"), Attributes.empty())));
    }

    /** One constant per element type, with values that show byte-order mistakes. */
    static Map<String, Tensor> constantsOfEveryType() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w_float", Tensor.ofFloats(new float[] {1.25f, -3.5f, Float.MIN_VALUE, 1e30f, 0, 7}, 2, 3));
        tensors.put("w_uint8", Tensor.ofBytes(DType.UINT8, new byte[] {(byte) 255, 0, 1}, 3));
        tensors.put("w_int8", Tensor.ofBytes(DType.INT8, new byte[] {-128, 127}, 2));
        tensors.put("w_bool", Tensor.ofBytes(DType.BOOL, new byte[] {1, 0, 1}, 1, 3));
        tensors.put("w_int32", Tensor.ofInts(new int[] {0x01020304, -1}, 2));
        tensors.put("w_int64", Tensor.ofLongs(new long[] {0x0102030405060708L, -2}, 2, 1));
        Tensor doubles = Tensor.allocate(DType.DOUBLE, 2);
        doubles.data().setAtIndex(ValueLayout.JAVA_DOUBLE, 0, Math.PI);
        doubles.data().setAtIndex(ValueLayout.JAVA_DOUBLE, 1, -0.0);
        tensors.put("w_double", doubles);
        tensors.put("w_empty", Tensor.allocate(DType.FLOAT, 0, 4));
        return tensors;
    }

    static ArtifactWriter writer() {
        ArtifactWriter writer = new ArtifactWriter()
                .program(program())
                .metadata("model.name", "sample")
                .metadata("unicode", "Grüße ∞")
                .section("tokenizer", new byte[] {1, 2, 3, 4, 5})
                .section("empty", new byte[0]);
        constantsOfEveryType().forEach(writer::tensor);
        return writer;
    }
}
