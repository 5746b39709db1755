package io.github.espalier.compiler.search;

/**
 * The unpruned encoder's shape: what every pruned variant is cut from.
 *
 * @param layers encoder layers
 * @param heads attention heads per layer
 * @param neurons feed-forward neurons per layer
 */
public record EncoderShape(int layers, int heads, int neurons) {
    public EncoderShape {
        if (layers < 1 || heads < 1 || neurons < 1) {
            throw new IllegalArgumentException("An encoder has at least one layer, head and neuron; got " + layers
                    + " layers, " + heads + " heads, " + neurons + " neurons");
        }
    }

    /** One unpruned layer. */
    public LayerShape fullLayer() {
        return new LayerShape(heads, neurons);
    }

    /** The unpruned model. */
    public Architecture full() {
        return Architecture.uniform(layers, fullLayer());
    }
}
