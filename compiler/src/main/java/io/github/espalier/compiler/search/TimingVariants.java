package io.github.espalier.compiler.search;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.passes.Optimizer;
import java.util.List;
import java.util.function.Function;

/**
 * Lowered graphs of any architecture for timing: latency depends on the shapes, not on which units are kept
 * or their weights, so the first heads and neurons are kept and nothing is repaired or calibrated.
 */
final class TimingVariants {
    private TimingVariants() {}

    static Function<Architecture, Graph> of(Graph fused) {
        List<EncoderLayer> layers = EncoderLayers.find(fused);
        return architecture -> {
            List<LayerPlan> plans = new java.util.ArrayList<>();
            for (int l = 0; l < layers.size(); l++) {
                LayerShape shape = architecture.layers().get(l);
                plans.add(
                        shape.dropped()
                                ? LayerPlan.dropped()
                                : LayerPlan.keeping(Indices.range(shape.heads()), Indices.range(shape.neurons())));
            }
            return Optimizer.lowering().optimize(StructuredPruning.apply(fused, layers, plans));
        };
    }
}
