package io.github.espalier.compiler.search;

import io.github.espalier.runtime.tensor.Tensor;

/**
 * How one encoder layer is pruned: the heads and feed-forward neurons it keeps (ascending indices), and
 * optionally repaired weights for the two products that read the pruned dimensions, the attention's output
 * projection ([kept heads · head size, hidden]) and the feed-forward down projection ([kept neurons, hidden]).
 * Without repaired weights, those products keep the original rows of what is kept. No heads means dropped.
 */
public record LayerPlan(
        int[] keptHeads,
        int[] keptNeurons,
        Tensor projectionWeights,
        Tensor projectionBias,
        Tensor downWeights,
        Tensor downBias) {
    private static final LayerPlan DROPPED = new LayerPlan(new int[0], new int[0], null, null, null, null);

    public static LayerPlan dropped() {
        return DROPPED;
    }

    /** Keeps the given heads and neurons with the original weights. */
    public static LayerPlan keeping(int[] heads, int[] neurons) {
        return new LayerPlan(heads, neurons, null, null, null, null);
    }

    /** Every head and neuron of {@code layer}: the layer as it is. */
    public static LayerPlan whole(EncoderLayer layer) {
        return keeping(Indices.range(layer.heads()), Indices.range(layer.neurons()));
    }

    public boolean isDropped() {
        return keptHeads.length == 0;
    }

    public LayerPlan withProjection(Tensor weights, Tensor bias) {
        return new LayerPlan(keptHeads, keptNeurons, weights, bias, downWeights, downBias);
    }

    public LayerPlan withDown(Tensor weights, Tensor bias) {
        return new LayerPlan(keptHeads, keptNeurons, projectionWeights, projectionBias, weights, bias);
    }
}
