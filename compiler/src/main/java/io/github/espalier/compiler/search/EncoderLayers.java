package io.github.espalier.compiler.search;

import io.github.espalier.compiler.CompilationException;
import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.ir.Node;
import io.github.espalier.compiler.passes.fusion.GraphView;
import io.github.espalier.runtime.exec.fused.FusedKernels;
import java.util.ArrayList;
import java.util.List;

/** Finds the chain of encoder layers in a fused graph: the part of the model the search may prune. */
public final class EncoderLayers {
    private EncoderLayers() {}

    /**
     * The layers in the order they run, each reading the previous one's output.
     *
     * @throws CompilationException when the graph is not a BERT-style encoder the search can prune
     */
    public static List<EncoderLayer> find(Graph fused) {
        GraphView view = new GraphView(fused);
        List<EncoderLayer> layers = new ArrayList<>();
        for (Node node : fused.nodes()) {
            if (node.opType().equals(FusedKernels.ATTENTION)) {
                EncoderLayer layer = match(view, node);
                if (!layers.isEmpty() && !layers.getLast().output().equals(layer.input())) {
                    throw unsupported(node, "its input is not the previous layer's output");
                }
                layers.add(layer);
            }
        }
        if (layers.isEmpty()) {
            throw new CompilationException("The search prunes BERT-style encoders, but this model has no attention"
                    + " layer the compiler recognizes (Q·Kᵀ, scale, mask, Softmax, ·V); compile it without search");
        }
        return layers;
    }

    private static EncoderLayer match(GraphView view, Node attention) {
        Node query = projection(view, attention, 0);
        Node key = projection(view, attention, 1);
        Node value = projection(view, attention, 2);
        String input = query.input(0);
        if (!key.input(0).equals(input) || !value.input(0).equals(input)) {
            throw unsupported(attention, "query, key and value do not read the same hidden state");
        }
        Node projection = consumer(view, attention, FusedKernels.MATMUL_BIAS);
        Node residual = consumer(view, projection, "Add");
        Node norm = consumer(view, residual, FusedKernels.LAYER_NORM);
        Node up = checked(view.uniqueConsumerOfType(norm.output(0), FusedKernels.MATMUL_BIAS), view, norm, "MatMul");
        Node down = consumer(view, up, FusedKernels.MATMUL_BIAS);
        Node outputResidual = consumer(view, down, "Add");
        Node outputNorm = consumer(view, outputResidual, FusedKernels.LAYER_NORM);
        if (!GraphView.otherInput(residual, projection.output(0)).equals(input)
                || !GraphView.otherInput(outputResidual, down.output(0)).equals(norm.output(0))
                || !up.attributes().getString("activation", "").equals("gelu")) {
            throw unsupported(attention, "its residual connections or feed-forward block differ from BERT's");
        }
        int neurons = Math.toIntExact(view.constant(up.input(1)).dim(1));
        int heads = Math.toIntExact(attention.attributes().getLong("num_heads"));
        return new EncoderLayer(
                query,
                key,
                value,
                attention,
                projection,
                residual,
                norm,
                up,
                down,
                outputResidual,
                outputNorm,
                heads,
                neurons);
    }

    private static Node projection(GraphView view, Node attention, int input) {
        Node node = view.producer(attention.input(input), FusedKernels.MATMUL_BIAS);
        if (node == null
                || view.constant(node.input(1)) == null
                || node.input(2).isEmpty()) {
            throw unsupported(
                    attention, "input " + input + " is not a dense projection with constant weights and bias");
        }
        return node;
    }

    /** The one node reading {@code node}'s output, which must be an {@code opType}. */
    private static Node consumer(GraphView view, Node node, String opType) {
        return checked(view.soleConsumer(node.output(0), opType), view, node, opType);
    }

    private static Node checked(Node next, GraphView view, Node node, String opType) {
        if (next == null) {
            throw unsupported(node, "its output does not feed exactly one " + opType);
        }
        if (next.opType().equals(FusedKernels.MATMUL_BIAS)
                && (view.constant(next.input(1)) == null || next.input(2).isEmpty())) {
            throw unsupported(next, "it has no constant weights and bias");
        }
        return next;
    }

    private static CompilationException unsupported(Node node, String why) {
        return new CompilationException("The search cannot prune this model: at " + node + ", " + why
                + "; it prunes BERT-style encoders (post-LayerNorm, GELU feed-forward); compile it without search");
    }
}
