package io.github.espalier.compiler.search;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.model.Pooling;
import io.github.espalier.runtime.model.SentencePooling;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.List;

/** Sentence embeddings of tokenized texts under a (pruned) fused graph, pooled and normalized as embed() does. */
final class Embedder {
    private final List<TokenBatch> batches;
    private final int texts;
    private final String output;
    private final Pooling pooling;

    Embedder(List<TokenBatch> batches, String output, Pooling pooling) {
        this.batches = List.copyOf(batches);
        this.texts = batches.stream().mapToInt(TokenBatch::size).sum();
        this.output = output;
        this.pooling = pooling;
    }

    /** One unit vector per text, in the order the texts were given. */
    float[][] embed(Graph fused, ComputePool pool) {
        GraphRunner runner = GraphRunner.computing(fused, List.of(output), pool);
        float[][] embeddings = new float[texts][];
        for (TokenBatch batch : batches) {
            Tensor states = runner.run(batch.inputs(runner.inputs())).get(output);
            float[][] pooled = SentencePooling.pool(states, output, batch.mask(), pooling, true);
            for (int i = 0; i < batch.size(); i++) {
                embeddings[batch.texts()[i]] = pooled[i];
            }
        }
        return embeddings;
    }
}
