package io.github.espalier.compiler.passes;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.ir.Node;
import io.github.espalier.compiler.passes.fusion.GraphView;
import io.github.espalier.compiler.passes.fusion.Rewriter;
import io.github.espalier.runtime.exec.fused.FusedKernels;
import io.github.espalier.runtime.program.Attributes;
import java.util.List;

/**
 * Fuses the exact GELU, {@code x * 0.5 * (1 + Erf(x / sqrt 2))}, into {@code espalier.Gelu(x)}: x scaled by
 * Div sqrt 2 or Mul 1/sqrt 2, and the 0.5 applied to x, to the product, or to {@code 1 + erf}. ONNX's own
 * {@code Gelu} with {@code approximate = "none"} is mapped too; the tanh approximation is left alone.
 */
public final class FuseGelu implements Pass {
    private static final double SQRT2 = Math.sqrt(2);
    private static final double TOLERANCE = 1e-6;

    @Override
    public Graph apply(Graph graph) {
        GraphView view = new GraphView(graph);
        Rewriter rewriter = new Rewriter(view);
        for (Node node : graph.nodes()) {
            if (node.opType().equals("Erf")) {
                matchErfForm(view, rewriter, node);
            } else if (node.opType().equals("Gelu")
                    && node.attributes().getString("approximate", "none").equals("none")) {
                rewriter.replace(List.of(node), node, gelu(node, node.input(0)));
            }
        }
        return rewriter.result();
    }

    private static void matchErfForm(GraphView view, Rewriter rewriter, Node erf) {
        Node scaled = scaledInput(view, erf.input(0));
        if (scaled == null) {
            return;
        }
        String x = xOf(view, scaled);
        Node plusOne = view.soleConsumer(erf.output(0), "Add");
        if (x == null || plusOne == null || !view.isScalar(GraphView.otherInput(plusOne, erf.output(0)), 1, 0)) {
            return;
        }
        Node product = view.soleConsumer(plusOne.output(0), "Mul");
        String other = product == null ? null : GraphView.otherInput(product, plusOne.output(0));
        if (other == null) {
            return;
        }
        if (other.equals(x)) {
            // (x * (1 + erf)) * 0.5
            Node half = view.soleConsumer(product.output(0), "Mul");
            if (half != null && isHalf(view, GraphView.otherInput(half, product.output(0)))) {
                rewriter.replace(List.of(scaled, erf, plusOne, product, half), half, gelu(half, x));
            }
        } else if (isHalf(view, other)) {
            // x * ((1 + erf) * 0.5)
            Node outer = view.soleConsumer(product.output(0), "Mul");
            if (outer != null && x.equals(GraphView.otherInput(outer, product.output(0)))) {
                rewriter.replace(List.of(scaled, erf, plusOne, product, outer), outer, gelu(outer, x));
            }
        } else {
            // (x * 0.5) * (1 + erf)
            Node halfX = view.producer(other, "Mul");
            if (halfX != null && isHalf(view, GraphView.otherInput(halfX, x))) {
                rewriter.replace(List.of(scaled, erf, plusOne, halfX, product), product, gelu(product, x));
            }
        }
    }

    /** The Div-by-sqrt2 or Mul-by-1/sqrt2 node computing Erf's input, or null. */
    private static Node scaledInput(GraphView view, String erfInput) {
        Node div = view.producer(erfInput, "Div");
        if (div != null) {
            return view.isScalar(div.input(1), SQRT2, TOLERANCE) ? div : null;
        }
        Node mul = view.producer(erfInput, "Mul");
        if (mul != null
                && (view.isScalar(mul.input(1), 1 / SQRT2, TOLERANCE)
                        || view.isScalar(mul.input(0), 1 / SQRT2, TOLERANCE))) {
            return mul;
        }
        return null;
    }

    /** The non-constant operand of the scaling node. */
    private static String xOf(GraphView view, Node scaled) {
        if (scaled.opType().equals("Div")) {
            return scaled.input(0);
        }
        return view.constant(scaled.input(0)) == null ? scaled.input(0) : scaled.input(1);
    }

    private static boolean isHalf(GraphView view, String value) {
        return value != null && view.isScalar(value, 0.5, 0);
    }

    private static Node gelu(Node root, String x) {
        return new Node(root.name(), FusedKernels.GELU, List.of(x), List.of(root.output(0)), Attributes.empty());
    }
}
