package io.github.espalier.compiler.search;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Predicts the latency of any pruned variant of one encoder, for one machine, input shape and thread count,
 * with an additive model:
 *
 * <pre>
 * latency(architecture) = baseMs + Σ over kept layers (attentionMs(heads) + ffnMs(neurons))
 * </pre>
 *
 * <p>{@code baseMs} is what every variant pays whatever it keeps (embeddings, the call itself); each kept
 * layer adds the cost of its attention, which depends on its heads, and of its feed-forward block, which
 * depends on its neurons; a dropped layer costs nothing, its input passes straight on. The costs are known at
 * the head and neuron counts of a {@link LatencyGrid} ({@link LatencyFit} derives them from whole-model
 * timings) and interpolated linearly between them; below the smallest count the smallest count's cost is
 * taken, an over-estimate, which is the safe side of a budget.
 *
 * @param baseMs the cost of a variant beyond its layers, in milliseconds
 * @param attentionMsByHeads one layer's attention cost at each grid head count
 * @param ffnMsByNeurons one layer's feed-forward cost at each grid neuron count
 */
public record LatencyTable(
        double baseMs, NavigableMap<Integer, Double> attentionMsByHeads, NavigableMap<Integer, Double> ffnMsByNeurons) {
    public LatencyTable {
        if (attentionMsByHeads.isEmpty() || ffnMsByNeurons.isEmpty()) {
            throw new IllegalArgumentException("A latency table needs at least one head count and one neuron count");
        }
        attentionMsByHeads = Collections.unmodifiableNavigableMap(new TreeMap<>(attentionMsByHeads));
        ffnMsByNeurons = Collections.unmodifiableNavigableMap(new TreeMap<>(ffnMsByNeurons));
    }

    public double predictMs(Architecture architecture) {
        double total = baseMs;
        for (LayerShape layer : architecture.layers()) {
            if (!layer.dropped()) {
                total += attentionMs(layer.heads()) + ffnMs(layer.neurons());
            }
        }
        return total;
    }

    /** One layer's attention cost with {@code heads} heads. */
    public double attentionMs(int heads) {
        return interpolate(attentionMsByHeads, heads);
    }

    /** One layer's feed-forward cost with {@code neurons} neurons. */
    public double ffnMs(int neurons) {
        return interpolate(ffnMsByNeurons, neurons);
    }

    private static double interpolate(NavigableMap<Integer, Double> costs, int count) {
        Map.Entry<Integer, Double> below = costs.floorEntry(count);
        Map.Entry<Integer, Double> above = costs.ceilingEntry(count);
        if (below == null) {
            return above.getValue();
        }
        if (above == null || above.getKey() == count) {
            return below.getValue();
        }
        double share = (count - below.getKey()) / (double) (above.getKey() - below.getKey());
        return below.getValue() + share * (above.getValue() - below.getValue());
    }
}
