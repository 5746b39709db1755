package io.github.espalier.compiler.ir;

import io.github.espalier.compiler.CompilationException;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.tensor.Tensor;

/** The tensor a {@code Constant} node stands for, from whichever of its value attributes is set. */
public final class ConstantValue {
    private ConstantValue() {}

    public static Tensor of(Node node) {
        Attributes attributes = node.attributes();
        if (attributes.has("value")) {
            return attributes.getTensor("value");
        }
        if (attributes.asMap().get("value_float") instanceof Float value) {
            return Tensor.ofFloats(new float[] {value});
        }
        if (attributes.asMap().get("value_floats") instanceof float[] values) {
            return Tensor.ofFloats(values.clone(), values.length);
        }
        if (attributes.asMap().get("value_int") instanceof Long value) {
            return Tensor.ofLongs(new long[] {value});
        }
        if (attributes.asMap().get("value_ints") instanceof long[] values) {
            return Tensor.ofLongs(values.clone(), values.length);
        }
        throw new CompilationException("Constant node '" + node.name() + "' has no value Espalier can use"
                + " (supported: value, value_float(s), value_int(s)); attributes: " + attributes);
    }
}
