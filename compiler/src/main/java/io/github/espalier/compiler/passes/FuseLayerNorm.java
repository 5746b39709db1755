package io.github.espalier.compiler.passes;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.ir.Node;
import io.github.espalier.compiler.passes.fusion.GraphView;
import io.github.espalier.compiler.passes.fusion.ReduceAxes;
import io.github.espalier.compiler.passes.fusion.Rewriter;
import io.github.espalier.runtime.exec.fused.FusedKernels;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Fuses layer normalization over the last axis into {@code espalier.LayerNorm(x, gamma, beta; epsilon)}:
 * the decomposed form PyTorch exports (ReduceMean, Sub, Pow 2, ReduceMean, Add eps, Sqrt, Div, Mul gamma,
 * Add beta) and ONNX's own {@code LayerNormalization} when it normalizes the last axis.
 */
public final class FuseLayerNorm implements Pass {
    @Override
    public Graph apply(Graph graph) {
        GraphView view = new GraphView(graph);
        Rewriter rewriter = new Rewriter(view);
        for (Node node : graph.nodes()) {
            switch (node.opType()) {
                case "ReduceMean" -> matchDecomposed(view, rewriter, node);
                case "LayerNormalization" -> matchOnnxLayerNormalization(view, rewriter, node);
                default -> {}
            }
        }
        return rewriter.result();
    }

    private static void matchDecomposed(GraphView view, Rewriter rewriter, Node mean) {
        if (!ReduceAxes.reducesLastAxisKeepingDims(view, mean)) {
            return;
        }
        String x = mean.input(0);
        Node centered = view.uniqueConsumerOfType(mean.output(0), "Sub");
        if (centered == null
                || !centered.input(0).equals(x)
                || !centered.input(1).equals(mean.output(0))) {
            return;
        }
        String d = centered.output(0);
        Node square = view.uniqueConsumerOfType(d, "Pow");
        Node divide = view.uniqueConsumerOfType(d, "Div");
        if (square == null || divide == null || view.consumers(d).size() != 2) {
            return;
        }
        if (!square.input(0).equals(d)
                || !view.isScalar(square.input(1), 2.0, 0)
                || !divide.input(0).equals(d)) {
            return;
        }
        Node variance = view.soleConsumer(square.output(0), "ReduceMean");
        if (variance == null || !ReduceAxes.reducesLastAxisKeepingDims(view, variance)) {
            return;
        }
        Node addEpsilon = view.soleConsumer(variance.output(0), "Add");
        double epsilon =
                addEpsilon == null ? Double.NaN : view.scalar(GraphView.otherInput(addEpsilon, variance.output(0)));
        if (!(epsilon >= 0)) {
            return;
        }
        Node sqrt = view.soleConsumer(addEpsilon.output(0), "Sqrt");
        if (sqrt == null || !divide.input(1).equals(sqrt.output(0))) {
            return;
        }
        Node scale = view.soleConsumer(divide.output(0), "Mul");
        String gamma = scale == null ? null : GraphView.otherInput(scale, divide.output(0));
        Node shift = scale == null ? null : view.soleConsumer(scale.output(0), "Add");
        String beta = shift == null ? null : GraphView.otherInput(shift, scale.output(0));
        if (beta == null || !isVector(view, gamma) || !isVector(view, beta)) {
            return;
        }
        if (view.constant(gamma).elementCount() != view.constant(beta).elementCount()) {
            return;
        }
        Node fused = layerNorm(shift, x, gamma, beta, (float) epsilon);
        rewriter.replace(
                List.of(mean, centered, square, variance, addEpsilon, sqrt, divide, scale, shift), shift, fused);
    }

    private static void matchOnnxLayerNormalization(GraphView view, Rewriter rewriter, Node node) {
        String x = node.input(0);
        if (!GraphView.isLastAxis(node.attributes().getLong("axis", -1), view.rank(x))) {
            return;
        }
        Node fused = layerNorm(
                node, x, node.input(1), node.input(2), node.attributes().getFloat("epsilon", 1e-5f));
        rewriter.replace(List.of(node), node, fused);
    }

    private static Node layerNorm(Node root, String x, String gamma, String beta, float epsilon) {
        return new Node(
                root.name(),
                FusedKernels.LAYER_NORM,
                List.of(x, gamma, beta),
                List.of(root.output(0)),
                Attributes.of(Map.of("epsilon", epsilon)));
    }

    private static boolean isVector(GraphView view, String value) {
        Tensor tensor = value == null ? null : view.constant(value);
        return tensor != null && tensor.rank() == 1;
    }
}
