package io.github.espalier.compiler.search;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.ir.Names;
import io.github.espalier.compiler.ir.Node;
import io.github.espalier.compiler.passes.DeadCodeElimination;
import io.github.espalier.compiler.passes.ShapeInference;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies one {@link LayerPlan} per encoder layer to a fused graph. The result really has smaller matrices:
 * query, key and value lose the columns of pruned heads and the output projection their rows; the
 * feed-forward up projection loses the columns of pruned neurons and the down projection their rows. A
 * dropped layer becomes an Identity, so its input flows on to whatever read its output.
 */
public final class StructuredPruning {
    private StructuredPruning() {}

    public static Graph apply(Graph fused, List<EncoderLayer> layers, List<LayerPlan> plans) {
        if (layers.size() != plans.size()) {
            throw new IllegalArgumentException(plans.size() + " plans for " + layers.size() + " layers");
        }
        Map<String, Tensor> initializers = new LinkedHashMap<>(fused.initializers());
        Map<String, List<Node>> replacements = new HashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            EncoderLayer layer = layers.get(i);
            LayerPlan plan = plans.get(i);
            if (plan.keepsAsIs(layer)) {
                continue;
            }
            if (plan.isDropped()) {
                layer.nodes().forEach(node -> replacements.put(node.name(), List.of()));
                replacements.put(
                        layer.outputNorm().name(),
                        List.of(new Node(
                                layer.outputNorm().name(),
                                "Identity",
                                List.of(layer.input()),
                                List.of(layer.output()),
                                Attributes.empty())));
            } else {
                new LayerSlicer(layer, plan, initializers)
                        .slice()
                        .forEach(node -> replacements.put(node.name(), List.of(node)));
            }
        }
        List<Node> nodes = new ArrayList<>();
        for (Node node : fused.nodes()) {
            nodes.addAll(replacements.getOrDefault(node.name(), List.of(node)));
        }
        Graph pruned = new DeadCodeElimination().apply(fused.withNodesAndInitializers(nodes, initializers));
        return new ShapeInference().apply(pruned);
    }

    /** The sliced nodes of one kept layer, with their new initializers added. */
    private record LayerSlicer(EncoderLayer layer, LayerPlan plan, Map<String, Tensor> initializers) {
        List<Node> slice() {
            List<Node> nodes = new ArrayList<>();
            for (LayerProduct product : LayerProduct.values()) {
                LayerProduct.Weights weights = plan.repaired().get(product);
                if (weights == null) {
                    weights = product.original(layer, plan, initializers);
                }
                nodes.add(withWeights(product.in(layer), weights.weights(), weights.bias()));
            }
            Node attention = layer.attention();
            nodes.add(new Node(
                    attention.name(),
                    attention.opType(),
                    attention.inputs(),
                    attention.outputs(),
                    attention.attributes().with("num_heads", (long) plan.keptHeads().length)));
            return nodes;
        }

        private Node withWeights(Node product, Tensor weights, Tensor bias) {
            String weightsName = Names.unused(initializers, product.name() + "/pruned_weights");
            String biasName = Names.unused(initializers, product.name() + "/pruned_bias");
            initializers.put(weightsName, weights);
            initializers.put(biasName, bias);
            return product.withInputs(List.of(product.input(0), weightsName, biasName));
        }
    }
}
