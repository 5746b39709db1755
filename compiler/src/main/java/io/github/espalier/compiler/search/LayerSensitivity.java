package io.github.espalier.compiler.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Puts the layers' importance scores on one scale by measurement. The scores rank units within a layer
 * well but compare poorly across layers: after repair, half the last layer's feed-forward network costs
 * far less fidelity than half the first one's, though their scores say otherwise, and a budget spread by
 * the raw scores lost a fifth of the mean cosine where one concentrated in the last layer lost 4%. So for
 * each layer, the model with half that layer's neurons removed, then half its heads, is repaired and
 * scored, and the layer's scores are rescaled so the removed units' scores sum to the fidelity lost
 * (1 − mean cosine).
 */
final class LayerSensitivity {
    /** A loss this small is measurement noise; no unit is free. */
    private static final double MIN_LOSS = 1e-6;

    private final Architecture original;
    private final int neuronStep;

    LayerSensitivity(Architecture original, int neuronStep) {
        this.original = original;
        this.neuronStep = neuronStep;
    }

    /** The architectures {@link #calibrate} needs scored: per layer, half its neurons, then half its heads. */
    List<Architecture> probes() {
        List<Architecture> probes = new ArrayList<>();
        for (int l = 0; l < original.layers().size(); l++) {
            LayerShape full = original.layers().get(l);
            probes.add(with(l, new LayerShape(full.heads(), halfNeurons(full.neurons()))));
            probes.add(with(l, new LayerShape(halfHeads(full.heads()), full.neurons())));
        }
        return probes;
    }

    /**
     * The importance rescaled per layer and unit kind by the measured losses of {@link #probes()}, in their
     * order; {@code importance} unchanged when a loss is missing (NaN), as a partly rescaled set would
     * compare layers worse than none.
     */
    List<LayerImportance> calibrate(List<LayerImportance> importance, double[] probeLosses) {
        if (Arrays.stream(probeLosses).anyMatch(Double::isNaN)) {
            return importance;
        }
        List<LayerImportance> calibrated = new ArrayList<>();
        for (int l = 0; l < importance.size(); l++) {
            LayerImportance layer = importance.get(l);
            LayerShape full = original.layers().get(l);
            double[] neurons =
                    rescaled(layer.neurons(), full.neurons() - halfNeurons(full.neurons()), probeLosses[2 * l]);
            double[] heads = rescaled(layer.heads(), full.heads() - halfHeads(full.heads()), probeLosses[2 * l + 1]);
            calibrated.add(new LayerImportance(heads, neurons, layer.influence()));
        }
        return calibrated;
    }

    private static int halfHeads(int heads) {
        return Math.max(1, heads / 2);
    }

    private int halfNeurons(int neurons) {
        return Math.max(neuronStep, neurons / 2 / neuronStep * neuronStep);
    }

    /** {@code scores} scaled so the {@code removed} smallest sum to {@code loss}. */
    private static double[] rescaled(double[] scores, int removed, double loss) {
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        double removedSum = 0;
        for (int i = 0; i < removed; i++) {
            removedSum += sorted[i];
        }
        if (removed == 0 || removedSum <= 0) {
            return scores;
        }
        double scale = Math.max(loss, MIN_LOSS) / removedSum;
        return Arrays.stream(scores).map(score -> score * scale).toArray();
    }

    private Architecture with(int layer, LayerShape shape) {
        List<LayerShape> layers = new ArrayList<>(original.layers());
        layers.set(layer, shape);
        return new Architecture(layers);
    }
}
