package io.github.espalier.compiler.passes;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.ir.Node;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.program.Dim;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small builder for hand-written test graphs. */
final class Graphs {
    private final List<ValueSpec> inputs = new ArrayList<>();
    private final List<ValueSpec> outputs = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Tensor> initializers = new LinkedHashMap<>();

    static Dim sym(String name) {
        return Dim.symbol(name);
    }

    static Dim dim(long size) {
        return Dim.of(size);
    }

    Graphs input(String name, DType dtype, Dim... shape) {
        inputs.add(new ValueSpec(name, dtype, List.of(shape)));
        return this;
    }

    Graphs output(String name, DType dtype, Dim... shape) {
        outputs.add(new ValueSpec(name, dtype, List.of(shape)));
        return this;
    }

    Graphs constant(String name, Tensor tensor) {
        initializers.put(name, tensor);
        return this;
    }

    Graphs longs(String name, long... values) {
        return constant(name, Tensor.ofLongs(values, values.length));
    }

    Graphs node(String op, List<String> in, String out, Map<String, Object> attributes) {
        return node(op, in, List.of(out), attributes);
    }

    Graphs node(String op, List<String> in, List<String> out, Map<String, Object> attributes) {
        nodes.add(new Node(op + "_" + nodes.size(), op, in, out, Attributes.of(attributes)));
        return this;
    }

    Graphs node(String op, List<String> in, String out) {
        return node(op, in, out, Map.of());
    }

    Graph build() {
        return new Graph("test", inputs, outputs, nodes, initializers, Map.of());
    }
}
