package io.github.espalier.compiler.passes;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.ir.Node;
import io.github.espalier.compiler.passes.fusion.GraphView;
import io.github.espalier.compiler.passes.fusion.Rewriter;
import io.github.espalier.runtime.exec.fused.FusedKernels;
import io.github.espalier.runtime.program.Dim;
import java.util.List;

/**
 * Takes a transformer's skip connection into the LayerNorm that follows it: {@code LayerNorm(Add(x, r))},
 * where the sum feeds only the LayerNorm and x and r are computed values of one shape, becomes
 * {@code espalier.LayerNorm(x, gamma, beta, r)}, which sums each row as it normalizes it. The results are the
 * same; the sum's own pass over memory, serial between two parallel operators, is gone.
 *
 * <p>It runs after the search has pruned the fused graph (see {@link Optimizer#lowering()}), whose layer
 * matching expects the skip connections as Adds.
 */
public final class FuseResidualAdd implements Pass {
    @Override
    public Graph apply(Graph graph) {
        GraphView view = new GraphView(graph);
        Rewriter rewriter = new Rewriter(view);
        for (Node norm : graph.nodes()) {
            if (norm.opType().equals(FusedKernels.LAYER_NORM) && norm.inputs().size() <= 3) {
                match(view, rewriter, norm);
            }
        }
        return rewriter.result();
    }

    private static void match(GraphView view, Rewriter rewriter, Node norm) {
        Node add = view.producer(norm.input(0), "Add");
        if (add == null
                || view.soleConsumer(add.output(0), FusedKernels.LAYER_NORM) != norm
                || !isComputedOfOneShape(view, add.input(0), add.input(1))) {
            return;
        }
        String beta = norm.inputs().size() > 2 ? norm.input(2) : "";
        Node fused = new Node(
                norm.name(),
                FusedKernels.LAYER_NORM,
                List.of(add.input(0), norm.input(1), beta, add.input(1)),
                norm.outputs(),
                norm.attributes());
        rewriter.replace(List.of(add, norm), norm, fused);
    }

    /** Both run-time values, with the same known shape: an Add of them broadcasts nothing. */
    private static boolean isComputedOfOneShape(GraphView view, String x, String residual) {
        List<Dim> shape = view.shape(x);
        return view.constant(x) == null
                && view.constant(residual) == null
                && shape != null
                && shape.equals(view.shape(residual));
    }
}
