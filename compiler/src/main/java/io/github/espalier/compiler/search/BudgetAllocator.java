package io.github.espalier.compiler.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Shrinks an architecture until the latency model says it meets a budget, greedily: each step removes,
 * in some layer, the next least important head or block of neurons whose importance per predicted
 * millisecond saved is lowest (the knapsack heuristic of Kwon et al. 2022's mask search, with measured
 * latency instead of FLOPs). Heads barely move latency at long sequences, so they go only when cheap.
 */
final class BudgetAllocator {
    private final List<LayerImportance> importance;
    private final Architecture original;
    private final ToDoubleFunction<Architecture> predictMs;
    private final int neuronStep;

    BudgetAllocator(
            List<LayerImportance> importance,
            Architecture original,
            ToDoubleFunction<Architecture> predictMs,
            int neuronStep) {
        this.importance = List.copyOf(importance);
        this.original = original;
        this.predictMs = predictMs;
        this.neuronStep = neuronStep;
    }

    /**
     * The architecture with the given layers dropped that meets {@code budgetMs} while removing the least
     * importance, or null when even the smallest shape the steps allow misses it.
     *
     * @param headWeight scales head importance against neuron importance: above 1 spares heads
     */
    Architecture allocate(Set<Integer> dropped, double budgetMs, double headWeight) {
        int layers = original.layers().size();
        int[] heads = new int[layers];
        int[] neurons = new int[layers];
        for (int l = 0; l < layers; l++) {
            if (!dropped.contains(l)) {
                heads[l] = original.layers().get(l).heads();
                neurons[l] = original.layers().get(l).neurons();
            }
        }
        double latency = predictMs.applyAsDouble(architecture(heads, neurons));
        while (latency > budgetMs) {
            Step best = null;
            for (int l = 0; l < layers; l++) {
                if (heads[l] > 1) {
                    best = better(best, headStep(l, heads, neurons, latency, headWeight));
                }
                if (neurons[l] > neuronStep) {
                    best = better(best, neuronStep(l, heads, neurons, latency));
                }
            }
            if (best == null) {
                return null;
            }
            heads[best.layer] -= best.heads;
            neurons[best.layer] -= best.neurons;
            latency = best.latency;
        }
        return architecture(heads, neurons);
    }

    /** Removing {@code heads} heads or {@code neurons} neurons from a layer: what it costs and saves. */
    private record Step(int layer, int heads, int neurons, double lostImportance, double latency, double savedMs) {
        double costPerMs() {
            return lostImportance / Math.max(savedMs, 1e-9);
        }
    }

    private Step headStep(int l, int[] heads, int[] neurons, double latency, double headWeight) {
        double[] scores = importance.get(l).heads();
        int[] order = LayerImportance.ascending(scores);
        double lost = headWeight * scores[order[scores.length - heads[l]]];
        heads[l]--;
        double after = predictMs.applyAsDouble(architecture(heads, neurons));
        heads[l]++;
        return new Step(l, 1, 0, lost, after, latency - after);
    }

    private Step neuronStep(int l, int[] heads, int[] neurons, double latency) {
        double[] scores = importance.get(l).neurons();
        int[] order = LayerImportance.ascending(scores);
        int removed = scores.length - neurons[l];
        double lost = 0;
        for (int i = removed; i < removed + neuronStep; i++) {
            lost += scores[order[i]];
        }
        neurons[l] -= neuronStep;
        double after = predictMs.applyAsDouble(architecture(heads, neurons));
        neurons[l] += neuronStep;
        return new Step(l, 0, neuronStep, lost, after, latency - after);
    }

    private static Step better(Step best, Step candidate) {
        return best == null || candidate.costPerMs() < best.costPerMs() ? candidate : best;
    }

    private static Architecture architecture(int[] heads, int[] neurons) {
        List<LayerShape> layers = new ArrayList<>();
        for (int l = 0; l < heads.length; l++) {
            layers.add(heads[l] == 0 ? LayerShape.DROPPED : new LayerShape(heads[l], neurons[l]));
        }
        return new Architecture(layers);
    }
}
