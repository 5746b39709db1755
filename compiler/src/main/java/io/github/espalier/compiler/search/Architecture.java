package io.github.espalier.compiler.search;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/** A candidate's shape, layer by layer, in the order the layers run. */
public record Architecture(List<LayerShape> layers) {
    public Architecture {
        layers = List.copyOf(layers);
        if (layers.stream().allMatch(LayerShape::dropped)) {
            throw new IllegalArgumentException("An architecture keeps at least one layer");
        }
    }

    /** Every layer at the same shape. */
    public static Architecture uniform(int layerCount, LayerShape shape) {
        return new Architecture(Collections.nCopies(layerCount, shape));
    }

    /** Reads what {@link #toString()} writes, e.g. {@code "12h/1536 dropped 8h/768"}. */
    public static Architecture parse(String text) {
        return new Architecture(
                Arrays.stream(text.strip().split("\\s+")).map(LayerShape::parse).toList());
    }

    public int keptLayers() {
        return (int) layers.stream().filter(layer -> !layer.dropped()).count();
    }

    /** Whether both drop the same layers, whatever the kept ones keep: variants of one depth pattern. */
    public boolean dropsTheSameLayersAs(Architecture other) {
        if (other.layers.size() != layers.size()) {
            return false;
        }
        for (int l = 0; l < layers.size(); l++) {
            if (layers.get(l).dropped() != other.layers.get(l).dropped()) {
                return false;
            }
        }
        return true;
    }

    /** E.g. {@code "12h/1536 12h/1536 dropped 8h/768"}. */
    @Override
    public String toString() {
        return layers.stream().map(LayerShape::toString).collect(Collectors.joining(" "));
    }
}
