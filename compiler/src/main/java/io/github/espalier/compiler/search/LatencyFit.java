package io.github.espalier.compiler.search;

import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.tools.VariantLatency;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Derives a {@link LatencyTable} from the median latencies of a {@link LatencyGrid}'s whole-model variants,
 * by one least-squares fit over all of them of
 *
 * <pre>
 * latency = base + Σ over kept layers (fixed + perHead · heads + perNeuron · neurons)
 * </pre>
 *
 * <p>The matrix products grow linearly with heads and neurons. One joint fit, rather than differences from
 * the unpruned model's timing, because on a shared machine timings drift by 20–40% within a minute (measured
 * here: the unpruned model at 9.6 ms, then 12.2 ms, while the grid was timed): differences from one timing
 * carry its error into every prediction, and a greedy allocator steers into any dip noise opens. The fit
 * spreads the error over all the timings and has no dips.
 *
 * <p>A parameter the grid cannot tell apart is left out: the base for a one-layer model (every variant keeps
 * its one layer), the per-head cost when a single head count was timed, likewise per neuron. A slope that
 * noise drives below zero is left out too, as cutting units never makes a model slower. Whole models cannot
 * tell how the fixed cost of a layer splits between attention and feed-forward, and no prediction depends
 * on the split: it is all given to attention.
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
        List<Architecture> variants = grid.variants();
        double[] y = new double[variants.size()];
        for (int v = 0; v < y.length; v++) {
            Double ms = latencies.get(variants.get(v));
            if (ms == null) {
                throw new IllegalArgumentException("No latency was measured for the grid variant " + variants.get(v));
            }
            y[v] = ms;
        }
        List<Parameter> parameters = new ArrayList<>(List.of(Parameter.FIXED));
        if (grid.shape().layers() > 1) {
            parameters.add(Parameter.BASE);
        }
        if (grid.heads().size() > 1) {
            parameters.add(Parameter.PER_HEAD);
        }
        if (grid.neurons().size() > 1) {
            parameters.add(Parameter.PER_NEURON);
        }
        Map<Parameter, Double> fitted = leastSquares(parameters, variants, y);
        for (Parameter slope : List.of(Parameter.PER_HEAD, Parameter.PER_NEURON)) {
            if (fitted.getOrDefault(slope, 0.0) < 0) {
                parameters.remove(slope);
                fitted = leastSquares(parameters, variants, y);
            }
        }
        double fixed = fitted.get(Parameter.FIXED);
        double perHead = fitted.getOrDefault(Parameter.PER_HEAD, 0.0);
        double perNeuron = fitted.getOrDefault(Parameter.PER_NEURON, 0.0);
        NavigableMap<Integer, Double> attentionMs = new TreeMap<>();
        grid.heads().forEach(heads -> attentionMs.put(heads, fixed + perHead * heads));
        NavigableMap<Integer, Double> ffnMs = new TreeMap<>();
        grid.neurons().forEach(neurons -> ffnMs.put(neurons, perNeuron * neurons));
        return new LatencyTable(fitted.getOrDefault(Parameter.BASE, 0.0), attentionMs, ffnMs);
    }

    /** What the fit can estimate, each with its regressor: how much of it a variant contains. */
    private enum Parameter {
        BASE,
        FIXED,
        PER_HEAD,
        PER_NEURON;

        double regressor(Architecture variant) {
            if (this == BASE) {
                return 1;
            }
            return variant.layers().stream()
                    .filter(layer -> !layer.dropped())
                    .mapToDouble(layer -> switch (this) {
                        case PER_HEAD -> layer.heads();
                        case PER_NEURON -> layer.neurons();
                        default -> 1;
                    })
                    .sum();
        }
    }

    /** The normal equations, solved by {@link Cholesky}: a handful of unknowns, one thread. */
    private static Map<Parameter, Double> leastSquares(
            List<Parameter> parameters, List<Architecture> variants, double[] y) {
        int p = parameters.size();
        double[] normal = new double[p * p];
        double[] right = new double[p];
        for (int v = 0; v < variants.size(); v++) {
            double[] x = new double[p];
            for (int i = 0; i < p; i++) {
                x[i] = parameters.get(i).regressor(variants.get(v));
            }
            for (int i = 0; i < p; i++) {
                right[i] += x[i] * y[v];
                for (int j = 0; j < p; j++) {
                    normal[i * p + j] += x[i] * x[j];
                }
            }
        }
        try (ComputePool oneThread = ComputePool.create(1)) {
            Cholesky.solveInPlace(normal, p, right, 1, oneThread);
        }
        Map<Parameter, Double> fitted = new HashMap<>();
        for (int i = 0; i < p; i++) {
            fitted.put(parameters.get(i), right[i]);
        }
        return fitted;
    }
}
