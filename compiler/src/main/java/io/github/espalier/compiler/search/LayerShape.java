package io.github.espalier.compiler.search;

/**
 * One encoder layer of a candidate: the attention heads and feed-forward neurons it keeps, or {@link #DROPPED}
 * (both zero) when the whole layer is removed and its input passes straight to the next layer.
 */
public record LayerShape(int heads, int neurons) {
    public static final LayerShape DROPPED = new LayerShape(0, 0);

    public LayerShape {
        if (heads < 0 || neurons < 0 || (heads == 0) != (neurons == 0)) {
            throw new IllegalArgumentException(
                    "A layer keeps at least one head and one neuron, or is dropped (0, 0); got " + heads + " heads, "
                            + neurons + " neurons");
        }
    }

    public boolean dropped() {
        return heads == 0;
    }

    @Override
    public String toString() {
        return dropped() ? "dropped" : heads + "h/" + neurons;
    }
}
