package io.github.espalier.compiler.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Which whole-model variants are timed to build a {@link LatencyTable}: the unpruned model, the model cut
 * to its first layer, and every layer at each grid head count (full neurons) or each grid neuron count (full
 * heads). See {@link LatencyTable} for how their latencies become the table.
 *
 * @param shape the unpruned encoder
 * @param heads the head counts to time, ascending; always holds the full count
 * @param neurons the neuron counts to time, ascending; always holds the full count
 */
public record LatencyGrid(EncoderShape shape, List<Integer> heads, List<Integer> neurons) {
    /** Neuron counts are timed in steps of this many: 12 points for a 1536-neuron layer, between which cost is close to linear. */
    public static final int NEURON_STEP = 128;

    /** Sorts the counts, drops repeats and adds the full count, the anchor every difference is taken from. */
    public LatencyGrid {
        heads = withFull(heads, shape.heads(), "heads");
        neurons = withFull(neurons, shape.neurons(), "neurons");
    }

    /** Every head count, and neurons in steps of {@link #NEURON_STEP}. */
    public static LatencyGrid standard(EncoderShape shape) {
        return of(shape, IntStream.rangeClosed(1, shape.heads()).boxed().toList(), NEURON_STEP);
    }

    /** The given head counts, and neurons in steps of {@code neuronStep} up to the full count. */
    public static LatencyGrid of(EncoderShape shape, List<Integer> heads, int neuronStep) {
        if (neuronStep < 1) {
            throw new IllegalArgumentException("neuronStep must be >= 1, got " + neuronStep);
        }
        List<Integer> neurons = IntStream.iterate(neuronStep, n -> n < shape.neurons(), n -> n + neuronStep)
                .boxed()
                .toList();
        return new LatencyGrid(shape, heads, neurons);
    }

    /** The unpruned model but for its first layer: the one variant with a single layer's cost. */
    public Architecture firstLayerOnly() {
        List<LayerShape> layers = new ArrayList<>(Collections.nCopies(shape.layers(), LayerShape.DROPPED));
        layers.set(0, shape.fullLayer());
        return new Architecture(layers);
    }

    /** Every layer at {@code count} heads and full neurons. */
    public Architecture withHeads(int count) {
        return Architecture.uniform(shape.layers(), new LayerShape(count, shape.neurons()));
    }

    /** Every layer at full heads and {@code count} neurons. */
    public Architecture withNeurons(int count) {
        return Architecture.uniform(shape.layers(), new LayerShape(shape.heads(), count));
    }

    /** The variants to time, each once (a one-layer model's first layer is the whole model). */
    public List<Architecture> variants() {
        Set<Architecture> variants = new LinkedHashSet<>();
        variants.add(shape.full());
        variants.add(firstLayerOnly());
        heads.forEach(count -> variants.add(withHeads(count)));
        neurons.forEach(count -> variants.add(withNeurons(count)));
        return List.copyOf(variants);
    }

    private static List<Integer> withFull(List<Integer> counts, int full, String what) {
        Set<Integer> sorted = new TreeSet<>(counts);
        sorted.add(full);
        for (int count : sorted) {
            if (count < 1 || count > full) {
                throw new IllegalArgumentException(
                        "The latency grid's " + what + " must lie between 1 and " + full + ", got " + count);
            }
        }
        return List.copyOf(sorted);
    }
}
