package io.github.espalier.compiler.distill;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.ir.Names;
import io.github.espalier.compiler.ir.Node;
import io.github.espalier.compiler.search.EncoderLayer;
import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trainable copy of a (pruned) variant's encoder layers, bound to the graph nodes their weights came
 * from so the trained weights can be written back. The embeddings before the first layer are not trained:
 * pruning leaves them as they were, and the teacher's layer-0 input is then exact for the student too. The
 * same holds for leading layers that pruning left whole ({@link #unchangedLayers}): the student can start
 * after them, from the teacher's output.
 */
final class Student {
    final List<StudentLayer> layers;
    private final List<Binding> bindings;

    /** Where one parameter lives in the graph: input {@code input} of node {@code node}, with this shape. */
    private record Binding(String node, int input, long[] shape, Parameter parameter) {}

    private Student(List<StudentLayer> layers, List<Binding> bindings) {
        this.layers = List.copyOf(layers);
        this.bindings = List.copyOf(bindings);
    }

    /**
     * Reads the kept layers of {@code variant} from layer {@code first} on, a graph that {@code StructuredPruning}
     * made from the original whose layers are {@code original}: a layer is kept where its query projection is
     * still in the graph.
     */
    static Student of(Graph variant, List<EncoderLayer> original, int first, ComputePool pool) {
        Map<String, Node> nodes = new LinkedHashMap<>();
        variant.nodes().forEach(node -> nodes.put(node.name(), node));
        Reader reader = new Reader(variant.initializers(), new MatrixProducts(pool), pool);
        List<StudentLayer> layers = new ArrayList<>();
        for (int l = first; l < original.size(); l++) {
            EncoderLayer layer = original.get(l);
            if (nodes.containsKey(layer.query().name())) {
                layers.add(reader.layer(l, layer, nodes));
            }
        }
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("the variant keeps no encoder layer to train");
        }
        return new Student(layers, reader.bindings);
    }

    /**
     * How many leading layers of {@code variant} are the original's, weight for weight. Their output is the
     * teacher's, which is cached, so the student need neither run nor train them.
     */
    static int unchangedLayers(Graph variant, Graph original, List<EncoderLayer> layers) {
        Map<String, Node> nodes = new LinkedHashMap<>();
        variant.nodes().forEach(node -> nodes.put(node.name(), node));
        int unchanged = 0;
        while (unchanged < layers.size() && sameWeights(layers.get(unchanged), nodes, variant, original)) {
            unchanged++;
        }
        return unchanged;
    }

    private static boolean sameWeights(EncoderLayer layer, Map<String, Node> nodes, Graph variant, Graph original) {
        for (Node node : layer.nodes()) {
            Node kept = nodes.get(node.name());
            if (kept == null || kept.inputs().size() != node.inputs().size()) {
                return false;
            }
            for (int i = 0; i < node.inputs().size(); i++) {
                Tensor weights = original.initializers().get(node.input(i));
                Tensor keptWeights = variant.initializers().get(kept.input(i));
                if ((weights == null) != (keptWeights == null)
                        || weights != null
                                && (!Arrays.equals(weights.shape(), keptWeights.shape())
                                        || !Arrays.equals(weights.toFloatArray(), keptWeights.toFloatArray()))) {
                    return false;
                }
            }
        }
        return true;
    }

    List<Parameter> parameters() {
        return bindings.stream().map(Binding::parameter).toList();
    }

    /** {@code variant} with the student's current weights in place of the ones it was read from. */
    Graph writeInto(Graph variant) {
        Map<String, Tensor> initializers = new LinkedHashMap<>(variant.initializers());
        Map<String, List<String>> inputs = new LinkedHashMap<>();
        variant.nodes().forEach(node -> inputs.put(node.name(), new ArrayList<>(node.inputs())));
        for (Binding binding : bindings) {
            String name = Names.unused(initializers, binding.node() + "/distilled_" + binding.input());
            initializers.put(name, Tensor.ofFloats(binding.parameter().value().clone(), binding.shape()));
            inputs.get(binding.node()).set(binding.input(), name);
        }
        List<Node> nodes = variant.nodes().stream()
                .map(node -> node.withInputs(inputs.get(node.name())))
                .toList();
        return variant.withNodesAndInitializers(nodes, initializers);
    }

    /** Copies weights out of the graph into parameters, remembering where each came from. */
    private static final class Reader {
        private final Map<String, Tensor> initializers;
        private final MatrixProducts products;
        private final ComputePool pool;
        private final List<Binding> bindings = new ArrayList<>();

        Reader(Map<String, Tensor> initializers, MatrixProducts products, ComputePool pool) {
            this.initializers = initializers;
            this.products = products;
            this.pool = pool;
        }

        StudentLayer layer(int index, EncoderLayer layer, Map<String, Node> nodes) {
            int before = bindings.size();
            Node attentionNode = nodes.get(layer.attention().name());
            SelfAttention attention = new SelfAttention(
                    Math.toIntExact(attentionNode.attributes().getLong("num_heads")),
                    attentionNode.attributes().getFloat("scale", Float.NaN),
                    pool);
            return new StudentLayer(
                    index,
                    dense(nodes.get(layer.query().name())),
                    dense(nodes.get(layer.key().name())),
                    dense(nodes.get(layer.value().name())),
                    attention,
                    dense(nodes.get(layer.attentionProjection().name())),
                    norm(nodes.get(layer.attentionNorm().name())),
                    dense(nodes.get(layer.up().name())),
                    new Gelu(pool),
                    dense(nodes.get(layer.down().name())),
                    norm(nodes.get(layer.outputNorm().name())),
                    bindings.subList(before, bindings.size()).stream()
                            .map(Binding::parameter)
                            .toList());
        }

        private Dense dense(Node node) {
            Tensor weights = initializers.get(node.input(1));
            Parameter w = parameter(node, 1, true);
            Parameter b = parameter(node, 2, false);
            return new Dense(w, b, Math.toIntExact(weights.dim(0)), Math.toIntExact(weights.dim(1)), products);
        }

        private LayerNorm norm(Node node) {
            return new LayerNorm(
                    parameter(node, 1, false),
                    parameter(node, 2, false),
                    node.attributes().getFloat("epsilon", 1e-5f),
                    pool);
        }

        private Parameter parameter(Node node, int input, boolean decayed) {
            Tensor tensor = initializers.get(node.input(input));
            if (tensor == null) {
                throw new IllegalArgumentException(node + " has no constant input " + input + " to train");
            }
            Parameter parameter = new Parameter(node.name() + "#" + input, tensor.toFloatArray(), decayed);
            bindings.add(new Binding(node.name(), input, tensor.shape(), parameter));
            return parameter;
        }
    }
}
