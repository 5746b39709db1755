package io.github.espalier.compiler.ir;

import io.github.espalier.runtime.program.Dim;
import io.github.espalier.runtime.tensor.DType;
import java.util.List;

/** What shape inference knows of a value: its element type and its shape, or null when the rank is unknown. */
public record TensorType(DType dtype, List<Dim> shape) {
    public TensorType {
        shape = shape == null ? null : List.copyOf(shape);
    }

    public boolean hasShape() {
        return shape != null;
    }

    public boolean isStatic() {
        return shape != null && shape.stream().noneMatch(Dim::isSymbolic);
    }
}
