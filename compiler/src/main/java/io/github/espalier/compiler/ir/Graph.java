package io.github.espalier.compiler.ir;

import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The graph IR: an immutable value. Nodes are in topological order; initializers are the constant
 * tensors (weights and folded constants); valueTypes holds what shape inference found. Passes return a
 * new graph through the {@code with*} methods.
 */
public record Graph(
        String name,
        List<ValueSpec> inputs,
        List<ValueSpec> outputs,
        List<Node> nodes,
        Map<String, Tensor> initializers,
        Map<String, TensorType> valueTypes) {

    public Graph {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        nodes = List.copyOf(nodes);
        initializers = Collections.unmodifiableMap(new LinkedHashMap<>(initializers));
        valueTypes = Collections.unmodifiableMap(new LinkedHashMap<>(valueTypes));
    }

    public Graph withNodes(List<Node> newNodes) {
        return new Graph(name, inputs, outputs, newNodes, initializers, valueTypes);
    }

    public Graph withInitializers(Map<String, Tensor> newInitializers) {
        return new Graph(name, inputs, outputs, nodes, newInitializers, valueTypes);
    }

    public Graph withValueTypes(Map<String, TensorType> newValueTypes) {
        return new Graph(name, inputs, outputs, nodes, initializers, newValueTypes);
    }

    public Graph withNodesAndInitializers(List<Node> newNodes, Map<String, Tensor> newInitializers) {
        return new Graph(name, inputs, outputs, newNodes, newInitializers, valueTypes);
    }

    public boolean isConstant(String value) {
        return initializers.containsKey(value);
    }

    /** The node that produces each value. */
    public Map<String, Node> producers() {
        Map<String, Node> producers = new HashMap<>();
        for (Node node : nodes) {
            for (String output : node.outputs()) {
                producers.put(output, node);
            }
        }
        return producers;
    }

    /** The nodes that read each value, in graph order. */
    public Map<String, List<Node>> consumers() {
        Map<String, List<Node>> consumers = new HashMap<>();
        for (Node node : nodes) {
            for (String input : node.inputs()) {
                if (!input.isEmpty()) {
                    consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
                }
            }
        }
        return consumers;
    }
}
