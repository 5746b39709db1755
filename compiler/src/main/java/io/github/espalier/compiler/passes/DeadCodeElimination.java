package io.github.espalier.compiler.passes;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.ir.Node;
import io.github.espalier.compiler.ir.TensorType;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Removes nodes whose results reach no graph output, and the initializers nothing reads any more. */
public final class DeadCodeElimination implements Pass {
    @Override
    public Graph apply(Graph graph) {
        Set<String> live = new HashSet<>();
        graph.outputs().forEach(output -> live.add(output.name()));
        List<Node> kept = new ArrayList<>();
        for (Node node : graph.nodes().reversed()) {
            if (node.outputs().stream().anyMatch(live::contains)) {
                kept.add(node);
                live.addAll(node.inputs());
            }
        }
        Collections.reverse(kept);
        graph.inputs().stream().map(ValueSpec::name).forEach(live::add);
        Map<String, Tensor> initializers = new LinkedHashMap<>(graph.initializers());
        initializers.keySet().retainAll(live);
        Map<String, TensorType> types = new LinkedHashMap<>(graph.valueTypes());
        types.keySet().retainAll(live);
        return new Graph(graph.name(), graph.inputs(), graph.outputs(), kept, initializers, types);
    }
}
