package io.github.espalier.compiler.passes;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.ir.Node;
import io.github.espalier.compiler.ir.TensorType;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.program.Dim;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Builds small graphs for pass tests; values are named after their producing node. */
final class GraphBuilder {
    private final List<ValueSpec> inputs = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Tensor> initializers = new LinkedHashMap<>();
    private final Map<String, TensorType> types = new LinkedHashMap<>();
    private int counter;

    /** A float graph input; negative sizes become symbols. */
    String input(String name, long... shape) {
        List<Dim> dims = Arrays.stream(shape)
                .mapToObj(d -> d < 0 ? Dim.symbol("d" + -d) : Dim.of(d))
                .toList();
        inputs.add(new ValueSpec(name, DType.FLOAT, dims));
        types.put(name, new TensorType(DType.FLOAT, dims));
        return name;
    }

    String constant(Tensor tensor) {
        String name = "const" + counter++;
        initializers.put(name, tensor);
        return name;
    }

    String scalar(float value) {
        return constant(Tensor.ofFloats(new float[] {value}));
    }

    String longs(long... values) {
        return constant(Tensor.ofLongs(values, values.length));
    }

    String random(long seed, int... shape) {
        Random random = new Random(seed);
        int count = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = random.nextFloat() - 0.5f;
        }
        return constant(
                Tensor.ofFloats(values, Arrays.stream(shape).asLongStream().toArray()));
    }

    /** A Constant node (as importers may keep them) holding a float scalar. */
    String constantNode(float value) {
        return node("Constant", Map.of("value", Tensor.ofFloats(new float[] {value})));
    }

    String node(String op, String... inputs) {
        return node(op, Map.of(), inputs);
    }

    String node(String op, Map<String, Object> attributes, String... inputs) {
        String name = op + "_" + counter++;
        nodes.add(new Node(name, op, List.of(inputs), List.of(name + "_out"), Attributes.of(attributes)));
        return name + "_out";
    }

    Graph build(String... outputs) {
        List<ValueSpec> outputSpecs = Arrays.stream(outputs)
                .map(name -> new ValueSpec(name, DType.FLOAT, List.of()))
                .toList();
        return new Graph("test", inputs, outputSpecs, nodes, initializers, types);
    }

    static List<String> opTypes(Graph graph) {
        return graph.nodes().stream().map(Node::opType).toList();
    }

    static Node only(Graph graph, String opType) {
        List<Node> matching =
                graph.nodes().stream().filter(n -> n.opType().equals(opType)).toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one " + opType + " in " + opTypes(graph));
        }
        return matching.getFirst();
    }
}
