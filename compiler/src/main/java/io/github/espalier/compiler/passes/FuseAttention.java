package io.github.espalier.compiler.passes;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.ir.Node;
import io.github.espalier.compiler.passes.fusion.GraphView;
import io.github.espalier.compiler.passes.fusion.Rewriter;
import io.github.espalier.compiler.passes.fusion.ShapeVector;
import io.github.espalier.runtime.exec.fused.FusedKernels;
import io.github.espalier.runtime.program.Attributes;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Fuses BERT self-attention as PyTorch exports it into {@code espalier.Attention(q, k, v, mask_add;
 * num_heads, scale)}, with q, k, v [B, S, H]:
 *
 * <pre>
 *   Transpose[0,2,1,3](Reshape(q, [B,S,heads,d]))  MatMul  Transpose[0,2,3,1](Reshape(k, [B,S,heads,d]))
 *   → Div(sqrt d) or Mul(scale) → Add(mask_add) → Softmax(last axis)
 *   → MatMul Transpose[0,2,1,3](Reshape(v, [B,S,heads,d])) → Transpose[0,2,1,3] → Reshape [B,S,H]
 * </pre>
 *
 * The heads and head size come from the constant parts of the Reshape targets, which may be Concats of
 * run-time batch and sequence sizes.
 */
public final class FuseAttention implements Pass {
    private static final long[] SPLIT_HEADS = {0, 2, 1, 3};
    private static final long[] SPLIT_HEADS_TRANSPOSED = {0, 2, 3, 1};

    @Override
    public Graph apply(Graph graph) {
        GraphView view = new GraphView(graph);
        Rewriter rewriter = new Rewriter(view);
        for (Node node : graph.nodes()) {
            if (node.opType().equals("Softmax")) {
                match(view, rewriter, node);
            }
        }
        return rewriter.result();
    }

    private static void match(GraphView view, Rewriter rewriter, Node softmax) {
        long axis = softmax.attributes().getLong("axis", Long.MIN_VALUE); // its default differs by opset
        if (axis != -1 && axis != 3) {
            return;
        }
        Node masked = view.producer(softmax.input(0), "Add");
        if (masked == null) {
            return;
        }
        for (int scoresInput = 0; scoresInput < 2; scoresInput++) {
            Scaling scaling = scaling(view, masked.input(scoresInput));
            if (scaling != null) {
                matchFromScaling(view, rewriter, softmax, masked, scaling, masked.input(1 - scoresInput));
                return;
            }
        }
    }

    /** The node scaling Q·Kᵀ by a positive constant, the Q·Kᵀ MatMul, and the scale as a factor. */
    private record Scaling(Node node, Node scores, float scale) {}

    /** Div(Q·Kᵀ, c) or Mul by c in either operand order; null when {@code value} is not computed so. */
    private static Scaling scaling(GraphView view, String value) {
        Node div = view.producer(value, "Div");
        if (div != null) {
            Node scores = view.producer(div.input(0), "MatMul");
            double divisor = view.scalar(div.input(1));
            return scores != null && divisor > 0 ? new Scaling(div, scores, (float) (1 / divisor)) : null;
        }
        Node mul = view.producer(value, "Mul");
        for (int side = 0; mul != null && side < 2; side++) {
            Node scores = view.producer(mul.input(side), "MatMul");
            double factor = view.scalar(mul.input(1 - side));
            if (scores != null && factor > 0) {
                return new Scaling(mul, scores, (float) factor);
            }
        }
        return null;
    }

    private static void matchFromScaling(
            GraphView view, Rewriter rewriter, Node softmax, Node masked, Scaling scaling, String mask) {
        Node scores = scaling.scores();
        Node queryHeads = transpose(view, scores.input(0), SPLIT_HEADS);
        Node keyHeads = transpose(view, scores.input(1), SPLIT_HEADS_TRANSPOSED);
        Node context = view.soleConsumer(softmax.output(0), "MatMul");
        if (queryHeads == null
                || keyHeads == null
                || context == null
                || !context.input(0).equals(softmax.output(0))) {
            return;
        }
        Node valueHeads = transpose(view, context.input(1), SPLIT_HEADS);
        Node merged = view.uniqueConsumerOfType(context.output(0), "Transpose");
        if (valueHeads == null || merged == null || !hasPerm(merged, SPLIT_HEADS)) {
            return;
        }
        Node output = view.uniqueConsumerOfType(merged.output(0), "Reshape");
        Node queryReshape = view.producer(queryHeads.input(0), "Reshape");
        Node keyReshape = view.producer(keyHeads.input(0), "Reshape");
        Node valueReshape = view.producer(valueHeads.input(0), "Reshape");
        if (output == null || queryReshape == null || keyReshape == null || valueReshape == null) {
            return;
        }
        long[] q = splitHeads(view, queryReshape);
        long[] k = splitHeads(view, keyReshape);
        long[] v = splitHeads(view, valueReshape);
        if (q == null || !Arrays.equals(q, k) || !Arrays.equals(q, v) || !mergesHeads(view, output, q[0] * q[1])) {
            return;
        }
        if (view.rank(mask) > 4
                || Arrays.asList(queryReshape, keyReshape, valueReshape).stream()
                        .anyMatch(reshape -> view.rank(reshape.input(0)) > 3)) {
            return;
        }
        Node fused = new Node(
                output.name(),
                FusedKernels.ATTENTION,
                List.of(queryReshape.input(0), keyReshape.input(0), valueReshape.input(0), mask),
                List.of(output.output(0)),
                Attributes.of(Map.of("num_heads", q[0], "scale", scaling.scale())));
        rewriter.replace(
                List.of(
                        queryReshape,
                        queryHeads,
                        keyReshape,
                        keyHeads,
                        scores,
                        scaling.node(),
                        masked,
                        softmax,
                        valueReshape,
                        valueHeads,
                        context,
                        merged,
                        output),
                output,
                fused);
    }

    private static Node transpose(GraphView view, String value, long[] perm) {
        Node node = view.producer(value, "Transpose");
        return node != null && hasPerm(node, perm) ? node : null;
    }

    private static boolean hasPerm(Node transpose, long[] perm) {
        return Arrays.equals(transpose.attributes().getLongs("perm", null), perm);
    }

    /** {heads, headSize} when {@code reshape} turns [B, S, H] into [B, S, heads, headSize]; else null. */
    private static long[] splitHeads(GraphView view, Node reshape) {
        List<ShapeVector.Entry> target = ShapeVector.read(view, reshape.input(1));
        if (target == null || target.size() != 4) {
            return null;
        }
        if (!ShapeVector.keepsDim(view, reshape, target.get(0), 0)
                || !ShapeVector.keepsDim(view, reshape, target.get(1), 1)
                || !target.get(2).isPositiveConstant()
                || !target.get(3).isPositiveConstant()) {
            return null;
        }
        return new long[] {target.get(2).constant(), target.get(3).constant()};
    }

    /** Whether {@code reshape} turns [B, S, heads, headSize] into [B, S, hidden]. */
    private static boolean mergesHeads(GraphView view, Node reshape, long hidden) {
        List<ShapeVector.Entry> target = ShapeVector.read(view, reshape.input(1));
        return target != null
                && target.size() == 3
                && ShapeVector.keepsDim(view, reshape, target.get(0), 0)
                && ShapeVector.keepsDim(view, reshape, target.get(1), 1)
                && target.get(2).isConstant(hidden);
    }
}
