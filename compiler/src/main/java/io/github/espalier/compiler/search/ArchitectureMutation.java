package io.github.espalier.compiler.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * A small random move of an architecture that keeps its size roughly the same: a block of neurons or a head
 * moves from one kept layer to another. The search's refinement tries such moves on its best candidate and
 * keeps those that score better, so the layers' shares of the budget follow measured fidelity rather than
 * the importance estimate alone.
 */
final class ArchitectureMutation {
    private final Architecture original;
    private final int neuronStep;

    ArchitectureMutation(Architecture original, int neuronStep) {
        this.original = original;
        this.neuronStep = neuronStep;
    }

    /** A neighbour of {@code current}, or null when the drawn move is not possible. */
    Architecture neighbour(Architecture current, Random random) {
        int[] kept = IntStream.range(0, current.layers().size())
                .filter(l -> !current.layers().get(l).dropped())
                .toArray();
        if (kept.length < 2) {
            return null;
        }
        int from = kept[random.nextInt(kept.length)];
        int to = kept[random.nextInt(kept.length)];
        boolean neurons = random.nextInt(4) != 0; // heads move less latency, so they move less often
        LayerShape source = current.layers().get(from);
        LayerShape target = current.layers().get(to);
        LayerShape full = original.layers().get(to);
        if (from == to) {
            return null;
        }
        List<LayerShape> layers = new ArrayList<>(current.layers());
        if (neurons) {
            if (source.neurons() <= neuronStep || target.neurons() + neuronStep > full.neurons()) {
                return null;
            }
            layers.set(from, new LayerShape(source.heads(), source.neurons() - neuronStep));
            layers.set(to, new LayerShape(target.heads(), target.neurons() + neuronStep));
        } else {
            if (source.heads() <= 1 || target.heads() >= full.heads()) {
                return null;
            }
            layers.set(from, new LayerShape(source.heads() - 1, source.neurons()));
            layers.set(to, new LayerShape(target.heads() + 1, target.neurons()));
        }
        return new Architecture(layers);
    }
}
