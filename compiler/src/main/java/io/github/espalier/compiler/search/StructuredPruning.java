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
            if (keepsAsIs(layer, plan)) {
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

    private static boolean keepsAsIs(EncoderLayer layer, LayerPlan plan) {
        return plan.keptHeads().length == layer.heads()
                && plan.keptNeurons().length == layer.neurons()
                && plan.projectionWeights() == null
                && plan.downWeights() == null;
    }

    /** The sliced nodes of one kept layer, with their new initializers added. */
    private record LayerSlicer(EncoderLayer layer, LayerPlan plan, Map<String, Tensor> initializers) {
        List<Node> slice() {
            Tensor queryWeights = initializers.get(layer.query().input(1));
            int headSize = Math.toIntExact(queryWeights.dim(1)) / layer.heads();
            int[] headColumns = Indices.headColumns(plan.keptHeads(), headSize);
            int[] neurons = plan.keptNeurons();
            Node attention = layer.attention();
            return List.of(
                    columns(layer.query(), headColumns),
                    columns(layer.key(), headColumns),
                    columns(layer.value(), headColumns),
                    new Node(
                            attention.name(),
                            attention.opType(),
                            attention.inputs(),
                            attention.outputs(),
                            attention.attributes().with("num_heads", (long) plan.keptHeads().length)),
                    rows(layer.attentionProjection(), headColumns, plan.projectionWeights(), plan.projectionBias()),
                    columns(layer.up(), neurons),
                    rows(layer.down(), neurons, plan.downWeights(), plan.downBias()));
        }

        private Node columns(Node product, int[] kept) {
            Tensor weights = Indices.columns(initializers.get(product.input(1)), kept);
            Tensor bias = Indices.entries(initializers.get(product.input(2)), kept);
            return withWeights(product, weights, bias);
        }

        private Node rows(Node product, int[] kept, Tensor repairedWeights, Tensor repairedBias) {
            Tensor weights =
                    repairedWeights != null ? repairedWeights : Indices.rows(initializers.get(product.input(1)), kept);
            Tensor bias = repairedBias != null ? repairedBias : initializers.get(product.input(2));
            return withWeights(product, weights, bias);
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
