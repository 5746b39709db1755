package io.github.espalier.compiler.search;

import io.github.espalier.compiler.ir.Node;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Map;

/**
 * The matrix products of an encoder layer that pruning cuts and repair may refit. Query, key, value and the
 * feed-forward up projection write the pruned units, so they lose columns (and bias entries); the attention's
 * output projection and the down projection read them, so they lose rows and keep their bias.
 */
public enum LayerProduct {
    QUERY,
    KEY,
    VALUE,
    PROJECTION,
    UP,
    DOWN;

    /** The product's weights [in, out] and bias [out]. */
    public record Weights(Tensor weights, Tensor bias) {}

    Node in(EncoderLayer layer) {
        return switch (this) {
            case QUERY -> layer.query();
            case KEY -> layer.key();
            case VALUE -> layer.value();
            case PROJECTION -> layer.attentionProjection();
            case UP -> layer.up();
            case DOWN -> layer.down();
        };
    }

    /** The original weights in {@code initializers}, cut to the heads or neurons {@code plan} keeps. */
    Weights original(EncoderLayer layer, LayerPlan plan, Map<String, Tensor> initializers) {
        Node product = in(layer);
        Tensor weights = initializers.get(product.input(1));
        Tensor bias = initializers.get(product.input(2));
        int[] kept = keptUnits(layer, plan, initializers);
        return readsPrunedUnits()
                ? new Weights(Indices.rows(weights, kept), bias)
                : new Weights(Indices.columns(weights, kept), Indices.entries(bias, kept));
    }

    private boolean readsPrunedUnits() {
        return this == PROJECTION || this == DOWN;
    }

    /** The rows or columns of the kept units: each head owns a head size of them, each neuron one. */
    private int[] keptUnits(EncoderLayer layer, LayerPlan plan, Map<String, Tensor> initializers) {
        if (this == UP || this == DOWN) {
            return plan.keptNeurons();
        }
        int headSize = Math.toIntExact(initializers.get(layer.query().input(1)).dim(1)) / layer.heads();
        return Indices.headColumns(plan.keptHeads(), headSize);
    }
}
