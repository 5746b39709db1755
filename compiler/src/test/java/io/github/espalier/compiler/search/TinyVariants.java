package io.github.espalier.compiler.search;

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

/**
 * Stands in for the pruning: a graph per architecture that reads token inputs as an encoder does and adds one
 * step per kept layer, small enough to time in milliseconds.
 */
final class TinyVariants {
    private static final List<Dim> TOKENS = List.of(Dim.symbol("batch_size"), Dim.symbol("sequence_length"));

    private TinyVariants() {}

    static Graph graph(Architecture architecture) {
        List<Node> nodes = new ArrayList<>();
        Map<String, Tensor> constants = new LinkedHashMap<>();
        nodes.add(node("Cast", List.of("input_ids"), "ids", Map.of("to", (long) DType.FLOAT.onnxCode())));
        nodes.add(node("Cast", List.of("attention_mask"), "mask", Map.of("to", (long) DType.FLOAT.onnxCode())));
        String hidden = "h0";
        nodes.add(node("Mul", List.of("ids", "mask"), hidden, Map.of()));
        for (int i = 0; i < architecture.layers().size(); i++) {
            LayerShape layer = architecture.layers().get(i);
            if (!layer.dropped()) {
                String weight = "layer" + i;
                constants.put(weight, Tensor.ofFloats(new float[] {layer.heads() + layer.neurons() / 1000f}));
                String next = "h" + (i + 1);
                nodes.add(node("Add", List.of(hidden, weight), next, Map.of()));
                hidden = next;
            }
        }
        return new Graph(
                "tiny",
                List.of(
                        new ValueSpec("input_ids", DType.INT64, TOKENS),
                        new ValueSpec("attention_mask", DType.INT64, TOKENS)),
                List.of(new ValueSpec(hidden, DType.FLOAT, TOKENS)),
                nodes,
                constants,
                Map.of());
    }

    private static Node node(String op, List<String> inputs, String output, Map<String, Object> attributes) {
        return new Node(output, op, inputs, List.of(output), Attributes.of(attributes));
    }
}
