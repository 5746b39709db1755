package io.github.espalier.compiler.search;

import io.github.espalier.runtime.tools.VariantLatency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Derives a {@link LatencyTable} from the median latencies of a {@link LatencyGrid}'s whole-model variants.
 * With {@code L} layers, {@code T(v)} the latency of variant {@code v} and "full" every layer unpruned:
 *
 * <ul>
 *   <li>a full layer costs {@code P = (T(full) - T(first layer only)) / (L - 1)}, and the base is what is left
 *       of {@code T(full)} after {@code L} layers (a one-layer model cannot tell its base from its layer: base
 *       0);
 *   <li>a layer at {@code h} heads costs {@code (T(every layer at h heads) - T(full)) / L} more than a full
 *       one, and likewise at {@code n} neurons;
 *   <li>whole models cannot tell how a full layer's cost splits between attention and feed-forward (every
 *       kept layer has both), and no prediction depends on the split. For readable figures the feed-forward
 *       block gets what a straight line fitted to its neuron costs extrapolates away at zero neurons (its
 *       matrix products grow linearly with the neurons), at most the whole layer; attention gets the rest.
 * </ul>
 *
 * <p>The per-head and per-neuron costs are then replaced by the least-squares line through them (the products
 * grow linearly with heads and neurons): on a shared machine single timings jump by 20–40% (measured here:
 * 1024 neurons timed slower than 1280), and a greedy allocator steers straight into such dips, whose variants
 * then miss the budget by as much. With a straight line the table predicts the grid variants within the
 * noise, not exactly.
 */
final class LatencyFit {
    private LatencyFit() {}

    /** @throws IllegalArgumentException if a grid variant has no latency or a latency names no architecture */
    static LatencyTable fit(LatencyGrid grid, List<VariantLatency> measured) {
        Map<Architecture, Double> latencies = new HashMap<>();
        for (VariantLatency variant : measured) {
            latencies.put(
                    Architecture.parse(variant.architecture()), variant.timing().medianMs());
        }
        int layers = grid.shape().layers();
        double fullMs = latency(latencies, grid.shape().full());
        double layerMs = layers == 1 ? fullMs : (fullMs - latency(latencies, grid.firstLayerOnly())) / (layers - 1);
        NavigableMap<Integer, Double> headsExtraMs = new TreeMap<>();
        for (int heads : grid.heads()) {
            headsExtraMs.put(heads, (latency(latencies, grid.withHeads(heads)) - fullMs) / layers);
        }
        NavigableMap<Integer, Double> neuronsExtraMs = new TreeMap<>();
        for (int neurons : grid.neurons()) {
            neuronsExtraMs.put(neurons, (latency(latencies, grid.withNeurons(neurons)) - fullMs) / layers);
        }
        headsExtraMs = smoothed(headsExtraMs);
        neuronsExtraMs = smoothed(neuronsExtraMs);
        double fullFfnMs = Math.clamp(-lineAtZero(neuronsExtraMs), 0, layerMs);
        NavigableMap<Integer, Double> attentionMs = new TreeMap<>();
        headsExtraMs.forEach((heads, extra) -> attentionMs.put(heads, layerMs - fullFfnMs + extra));
        NavigableMap<Integer, Double> ffnMs = new TreeMap<>();
        neuronsExtraMs.forEach((neurons, extra) -> ffnMs.put(neurons, fullFfnMs + extra));
        return new LatencyTable(fullMs - layers * layerMs, attentionMs, ffnMs);
    }

    private static double latency(Map<Architecture, Double> latencies, Architecture variant) {
        Double ms = latencies.get(variant);
        if (ms == null) {
            throw new IllegalArgumentException("No latency was measured for the grid variant " + variant);
        }
        return ms;
    }

    /** The value at zero of the least-squares line through the points; 0 for a single point. */
    private static double lineAtZero(NavigableMap<Integer, Double> points) {
        return points.size() < 2 ? 0 : line(points)[0];
    }

    /** The points moved onto their least-squares line; two or fewer points are left as they are. */
    private static NavigableMap<Integer, Double> smoothed(NavigableMap<Integer, Double> points) {
        if (points.size() < 3) {
            return points;
        }
        double[] line = line(points);
        NavigableMap<Integer, Double> smooth = new TreeMap<>();
        points.keySet().forEach(x -> smooth.put(x, line[0] + line[1] * x));
        return smooth;
    }

    /** {intercept, slope} of the least-squares line through at least two points. */
    private static double[] line(NavigableMap<Integer, Double> points) {
        double meanX = points.keySet().stream().mapToDouble(x -> x).average().orElseThrow();
        double meanY = points.values().stream().mapToDouble(y -> y).average().orElseThrow();
        double covariance = 0;
        double variance = 0;
        for (Map.Entry<Integer, Double> point : points.entrySet()) {
            covariance += (point.getKey() - meanX) * (point.getValue() - meanY);
            variance += (point.getKey() - meanX) * (point.getKey() - meanX);
        }
        double slope = covariance / variance;
        return new double[] {meanY - slope * meanX, slope};
    }
}
