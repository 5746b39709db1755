package io.github.espalier.compiler.passes;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.ir.Node;
import io.github.espalier.compiler.ir.TensorType;
import io.github.espalier.runtime.program.ValueSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Propagates element types and shapes (with symbolic dims such as {@code batch_size}) from the graph
 * inputs and initializers through every node, into {@link Graph#valueTypes()}. An operator without a
 * rule gets its first input's element type and an unknown shape rather than failing the build; a
 * dim that cannot be determined (no symbolic arithmetic is done) is a fresh symbol named {@code ?N}.
 */
public final class ShapeInference implements Pass {
    private static final System.Logger LOG = System.getLogger(ShapeInference.class.getName());

    @Override
    public Graph apply(Graph graph) {
        Map<String, TensorType> types = new LinkedHashMap<>();
        for (ValueSpec input : graph.inputs()) {
            types.put(input.name(), new TensorType(input.dtype(), input.shape()));
        }
        ShapeRules rules = new ShapeRules(types);
        graph.initializers().forEach(rules::addConstant);
        for (Node node : graph.nodes()) {
            List<TensorType> outputs = infer(rules, node);
            for (int i = 0; i < node.outputs().size(); i++) {
                String output = node.output(i);
                if (!output.isEmpty()) {
                    types.put(output, i < outputs.size() ? outputs.get(i) : rules.fallback(node));
                }
            }
        }
        return graph.withValueTypes(types);
    }

    /** A node whose attributes contradict its input shapes gets unknown shapes; its kernel reports it. */
    private static List<TensorType> infer(ShapeRules rules, Node node) {
        try {
            return rules.infer(node);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, () -> "No shape for " + node + ": " + e);
            return List.of();
        }
    }
}
