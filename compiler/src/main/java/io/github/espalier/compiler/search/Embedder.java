package io.github.espalier.compiler.search;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.model.Pooling;
import io.github.espalier.runtime.model.SentencePooling;
import io.github.espalier.runtime.model.TokenBatch;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Sentence embeddings of tokenized texts under a (pruned) fused graph, pooled and normalized as embed() does. */
final class Embedder {
    private final List<TokenBatch> batches;
    private final int texts;
    private final String output;
    private final Pooling pooling;

    /**
     * The original model's embeddings, and per layer and batch the hidden state entering that layer, with
     * each batch's attention mask as the layers read it: where a variant whose first layers are the original's
     * starts.
     */
    record Capture(float[][] embeddings, List<List<Tensor>> layerInputs, List<Tensor> masks) {}

    Embedder(List<TokenBatch> batches, String output, Pooling pooling) {
        this.batches = List.copyOf(batches);
        this.texts = batches.stream().mapToInt(TokenBatch::size).sum();
        this.output = output;
        this.pooling = pooling;
    }

    /** One unit vector per text, in the order the texts were given. */
    float[][] embed(Graph fused, ComputePool pool) {
        GraphRunner runner = GraphRunner.computing(fused, List.of(output), pool);
        return pooled(b -> runner.run(batches.get(b).inputs(runner.inputs())).get(output));
    }

    /** {@link #embed} of the original model, keeping what {@link #embedFrom} starts from. */
    Capture capture(Graph fused, List<EncoderLayer> layers, ComputePool pool) {
        List<String> values = new ArrayList<>(List.of(output, layers.getFirst().mask()));
        layers.forEach(layer -> values.add(layer.input()));
        GraphRunner runner = GraphRunner.computing(fused, values, pool);
        List<List<Tensor>> layerInputs = new ArrayList<>();
        layers.forEach(layer -> layerInputs.add(new ArrayList<>()));
        List<Tensor> masks = new ArrayList<>();
        float[][] embeddings = pooled(b -> {
            Map<String, Tensor> out = runner.run(batches.get(b).inputs(runner.inputs()));
            masks.add(Calibration.copy(out.get(layers.getFirst().mask())));
            for (int l = 0; l < layers.size(); l++) {
                layerInputs.get(l).add(Calibration.copy(out.get(layers.get(l).input())));
            }
            return out.get(output);
        });
        return new Capture(embeddings, layerInputs, masks);
    }

    /**
     * {@link #embed} of a variant whose layers before {@code first} are the original model's: it runs from
     * the original's hidden state entering layer {@code first}, which gives the same embeddings for less work.
     */
    float[][] embedFrom(Graph variant, List<EncoderLayer> layers, int first, Capture original, ComputePool pool) {
        EncoderLayer layer = layers.get(first);
        GraphRunner runner = GraphRunner.from(variant, layer, List.of(output), pool);
        return pooled(b -> runner.run(Map.of(
                        layer.input(), original.layerInputs().get(first).get(b),
                        layer.mask(), original.masks().get(b)))
                .get(output));
    }

    /** Pools each batch's output hidden states, {@code states} given the batch's index, in batch order. */
    private float[][] pooled(IntFunction<Tensor> states) {
        float[][] embeddings = new float[texts][];
        for (int b = 0; b < batches.size(); b++) {
            TokenBatch batch = batches.get(b);
            float[][] pooled = SentencePooling.pool(states.apply(b), output, batch.mask(), pooling, true);
            for (int i = 0; i < batch.size(); i++) {
                embeddings[batch.texts()[i]] = pooled[i];
            }
        }
        return embeddings;
    }
}
