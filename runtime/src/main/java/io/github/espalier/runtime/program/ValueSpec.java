package io.github.espalier.runtime.program;

import io.github.espalier.runtime.tensor.DType;
import java.util.List;

/** A named graph input or output: its element type and declared (possibly symbolic) shape. */
public record ValueSpec(String name, DType dtype, List<Dim> shape) {
    public ValueSpec {
        shape = List.copyOf(shape);
    }
}
