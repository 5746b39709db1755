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

    /**
     * Reads what {@link #toString()} writes: {@code 12h/1536} or {@code dropped}.
     *
     * @throws IllegalArgumentException naming the text that is neither
     */
    public static LayerShape parse(String text) {
        if (text.equals("dropped")) {
            return DROPPED;
        }
        int slash = text.indexOf("h/");
        try {
            if (slash > 0) {
                return new LayerShape(
                        Integer.parseInt(text.substring(0, slash)), Integer.parseInt(text.substring(slash + 2)));
            }
        } catch (NumberFormatException notNumbers) {
            // Reported below like any other text that is not a layer shape.
        }
        throw new IllegalArgumentException("'" + text + "' is not a layer shape such as 12h/1536 or dropped");
    }

    public boolean dropped() {
        return heads == 0;
    }

    @Override
    public String toString() {
        return dropped() ? "dropped" : heads + "h/" + neurons;
    }
}
