package io.github.espalier.compiler.search;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * How one encoder layer is pruned: the heads and feed-forward neurons it keeps (ascending indices), and
 * optionally repaired weights for some of its products, already cut to what is kept. Products without
 * repaired weights keep the original rows or columns of what is kept. No heads means dropped.
 */
public record LayerPlan(int[] keptHeads, int[] keptNeurons, Map<LayerProduct, LayerProduct.Weights> repaired) {
    private static final LayerPlan DROPPED = keeping(new int[0], new int[0]);

    public LayerPlan {
        repaired = Collections.unmodifiableMap(
                repaired.isEmpty() ? new EnumMap<>(LayerProduct.class) : new EnumMap<>(repaired));
    }

    public static LayerPlan dropped() {
        return DROPPED;
    }

    /** Keeps the given heads and neurons with the original weights. */
    public static LayerPlan keeping(int[] heads, int[] neurons) {
        return new LayerPlan(heads, neurons, Map.of());
    }

    /** Every head and neuron of {@code layer}: the layer as it is. */
    public static LayerPlan whole(EncoderLayer layer) {
        return keeping(Indices.range(layer.heads()), Indices.range(layer.neurons()));
    }

    public boolean isDropped() {
        return keptHeads.length == 0;
    }

    /** Keeps everything of {@code layer} with its original weights. */
    boolean keepsAsIs(EncoderLayer layer) {
        return keptHeads.length == layer.heads() && keptNeurons.length == layer.neurons() && repaired.isEmpty();
    }

    public LayerPlan with(LayerProduct product, LayerProduct.Weights weights) {
        Map<LayerProduct, LayerProduct.Weights> next = new EnumMap<>(LayerProduct.class);
        next.putAll(repaired);
        next.put(product, weights);
        return new LayerPlan(keptHeads, keptNeurons, next);
    }
}
