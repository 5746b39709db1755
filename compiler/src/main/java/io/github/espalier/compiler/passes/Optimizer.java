package io.github.espalier.compiler.passes;

import io.github.espalier.compiler.ir.Graph;
import java.util.ArrayList;
import java.util.List;

/** The standard pass pipeline for the pure-Java backend, in order. */
public final class Optimizer {
    private final List<Pass> passes;

    public Optimizer(List<Pass> passes) {
        this.passes = List.copyOf(passes);
    }

    public static Optimizer standard() {
        List<Pass> all = new ArrayList<>(fusing().passes);
        all.addAll(lowering().passes);
        return new Optimizer(all);
    }

    /**
     * The standard pipeline up to the fused graph, whose weights are still plain row-major matrices: where
     * the search prunes and repairs, before {@link #lowering()}.
     */
    public static Optimizer fusing() {
        return new Optimizer(List.of(
                new ShapeInference(),
                new ConstantFolding(),
                new DeadCodeElimination(),
                new FuseLayerNorm(),
                new FuseGelu(),
                new FuseAttention(),
                new FuseMatMulBias(),
                new DeadCodeElimination()));
    }

    /**
     * The rest of the standard pipeline after {@link #fusing()}: skip connections into their LayerNorms, weight
     * prepacking, then fresh shapes.
     */
    public static Optimizer lowering() {
        return new Optimizer(List.of(new FuseResidualAdd(), new PrepackWeights(), new ShapeInference()));
    }

    public Graph optimize(Graph graph) {
        Graph current = graph;
        for (Pass pass : passes) {
            current = pass.apply(current);
        }
        return current;
    }
}
