package io.github.espalier.compiler.passes;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.ir.Node;
import io.github.espalier.runtime.exec.fused.FusedKernels;
import io.github.espalier.runtime.exec.linalg.PackedMatrix;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores the weights of every {@code espalier.MatMulBias} in the runtime GEMM's panel layout
 * ({@link PackedMatrix}), so loading a model packs nothing. The node gets {@code packed = 1} and W's
 * {@code k} and {@code n}; the row-major weights are dropped when nothing else reads them.
 */
public final class PrepackWeights implements Pass {
    @Override
    public Graph apply(Graph graph) {
        Map<String, Tensor> initializers = new LinkedHashMap<>(graph.initializers());
        Map<String, String> packedNames = new HashMap<>();
        List<Node> nodes = new ArrayList<>();
        for (Node node : graph.nodes()) {
            Tensor weights = graph.initializers().get(node.input(1));
            if (!node.opType().equals(FusedKernels.MATMUL_BIAS)
                    || node.attributes().getLong("packed", 0) == 1
                    || weights == null
                    || weights.dtype() != DType.FLOAT
                    || weights.rank() != 2) {
                nodes.add(node);
                continue;
            }
            int k = Math.toIntExact(weights.dim(0));
            int n = Math.toIntExact(weights.dim(1));
            String packedName = packedNames.computeIfAbsent(node.input(1), name -> {
                String fresh = freshName(name + "/packed", initializers);
                PackedMatrix packed = PackedMatrix.pack(weights.toFloatArray(), k, n);
                initializers.put(fresh, Tensor.ofFloats(packed.data(), packed.panelCount(), k, PackedMatrix.PANEL));
                return fresh;
            });
            List<String> inputs = new ArrayList<>(node.inputs());
            inputs.set(1, packedName);
            nodes.add(new Node(
                    node.name(),
                    node.opType(),
                    inputs,
                    node.outputs(),
                    node.attributes().with("packed", 1L).with("k", (long) k).with("n", (long) n)));
        }
        if (packedNames.isEmpty()) {
            return graph;
        }
        Graph packed = graph.withNodesAndInitializers(nodes, initializers);
        Map<String, List<Node>> readers = packed.consumers();
        for (String original : packedNames.keySet()) {
            boolean isOutput =
                    packed.outputs().stream().anyMatch(spec -> spec.name().equals(original));
            if (!readers.containsKey(original) && !isOutput) {
                initializers.remove(original);
            }
        }
        return packed.withInitializers(initializers);
    }

    private static String freshName(String base, Map<String, Tensor> initializers) {
        String name = base;
        for (int i = 1; initializers.containsKey(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }
}
