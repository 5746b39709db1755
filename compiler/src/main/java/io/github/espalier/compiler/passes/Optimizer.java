package io.github.espalier.compiler.passes;

import io.github.espalier.compiler.ir.Graph;
import java.util.List;

/** The standard pass pipeline for the pure-Java backend, in order. */
public final class Optimizer {
    private final List<Pass> passes;

    public Optimizer(List<Pass> passes) {
        this.passes = List.copyOf(passes);
    }

    public static Optimizer standard() {
        return new Optimizer(List.of(
                new ShapeInference(),
                new ConstantFolding(),
                new DeadCodeElimination(),
                new FuseLayerNorm(),
                new FuseGelu(),
                new FuseAttention(),
                new FuseMatMulBias(),
                new DeadCodeElimination(),
                new PrepackWeights(),
                new ShapeInference()));
    }

    public Graph optimize(Graph graph) {
        Graph current = graph;
        for (Pass pass : passes) {
            current = pass.apply(current);
        }
        return current;
    }
}
