package io.github.espalier.compiler.distill;

import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.model.Pooling;
import java.util.ArrayList;
import java.util.List;

/**
 * One forward and backward pass of the student on one teacher batch. The loss is the cosine distance of the
 * pooled, normalized embeddings, which is what users compare, plus the hidden-state error of every student
 * layer against the original layer it was pruned from (a dropped layer's work falls to the next kept one),
 * each dimension's error relative to its spread in the original ({@link Teacher#inverseVariances}),
 * weighted by {@code hiddenWeight} and averaged over the layers.
 *
 * <p>The batch's texts are cut into one run per thread of the pool (shards), and each thread runs a shard's
 * whole pass alone, adding to gradients of its own, which are then summed into the student's in shard order.
 * Spread operator by operator instead, the few hundred small products, norms and attention blocks of a step
 * each ended with one thread waiting for the other: two threads trained 1.5 times as fast as one, where two
 * independent single-threaded runs each kept their full speed. The result depends on the thread count (the
 * order of the gradient's sums), not on which thread ran which shard.
 */
final class TrainingStep {
    private final int skipped;
    private final EmbeddingLoss embeddingLoss;
    private final double hiddenWeight;
    private final float[][] dimensionWeights;
    private final ComputePool pool;
    /** Shard 0 runs on the student's own layers, the others on copies with gradients of their own. */
    private final List<List<StudentLayer>> shards = new ArrayList<>();

    private final List<List<Parameter>> shardParameters;
    private final List<ParameterChunk> chunks;

    /**
     * @param skipped how many leading original layers the student leaves as they are: it starts from the
     *     teacher's output of the last of them
     * @param dimensionWeights the hidden-state error's weight per dimension, by original layer
     */
    TrainingStep(
            List<StudentLayer> layers,
            int skipped,
            Pooling pooling,
            double hiddenWeight,
            float[][] dimensionWeights,
            ComputePool pool) {
        this.skipped = skipped;
        this.embeddingLoss = new EmbeddingLoss(pooling);
        this.hiddenWeight = hiddenWeight;
        this.dimensionWeights = dimensionWeights;
        this.pool = pool;
        shards.add(List.copyOf(layers));
        for (int s = 1; s < pool.parallelism(); s++) {
            shards.add(layers.stream().map(StudentLayer::withOwnGradients).toList());
        }
        this.shardParameters = shards.stream()
                .map(shard -> shard.stream()
                        .flatMap(layer -> layer.parameters().stream())
                        .toList())
                .toList();
        this.chunks = ParameterChunk.of(shardParameters.getFirst());
    }

    /** Adds the gradients of the loss on {@code batch} to the student's parameters and returns the loss. */
    double run(TeacherBatch batch) {
        int texts = batch.sequences().count();
        int[] cuts = batch.sequences().cuts(Math.min(shards.size(), texts));
        int parts = cuts.length - 1;
        double[] losses = new double[parts];
        List<StudentLayer> student = shards.getFirst();
        student.forEach(StudentLayer::packWeights);
        try {
            // A single part runs its operators over the whole pool: this call then holds no thread of it.
            pool.parallelFor(parts, s -> {
                TeacherBatch part = parts == 1 ? batch : batch.texts(cuts[s], cuts[s + 1]);
                losses[s] = run(
                        shards.get(s),
                        part,
                        (double) part.sequences().count() / texts,
                        (double) part.tokens() / batch.tokens());
            });
        } finally {
            student.forEach(StudentLayer::unpackWeights);
        }
        addShardGradients(parts);
        double loss = 0;
        for (double part : losses) {
            loss += part;
        }
        return loss;
    }

    /**
     * One shard's pass, its losses weighted by its share of the batch: the embedding loss is a mean over texts,
     * the hidden-state error over tokens.
     */
    private double run(List<StudentLayer> layers, TeacherBatch batch, double textShare, double tokenShare) {
        List<StudentLayer.Activations> saved = new ArrayList<>(layers.size());
        float[] hidden = skipped == 0 ? batch.input() : batch.layerOutput(skipped - 1);
        for (StudentLayer layer : layers) {
            StudentLayer.Activations activations = layer.forward(hidden, batch.sequences());
            saved.add(activations);
            hidden = activations.output();
        }
        EmbeddingLoss.Result embedding =
                embeddingLoss.evaluate(hidden, batch.sequences(), batch.unitEmbeddings(), batch.width());
        double loss = textShare * embedding.loss();
        float[] gradient = embedding.gradient();
        if (textShare != 1) {
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] *= (float) textShare;
            }
        }
        float layerWeight = (float) (tokenShare * hiddenWeight / layers.size());
        for (int l = layers.size() - 1; l >= 0; l--) {
            StudentLayer layer = layers.get(l);
            if (layerWeight > 0) {
                HiddenStateLoss.Result matched = HiddenStateLoss.evaluate(
                        saved.get(l).output(),
                        batch.layerOutput(layer.teacherLayer),
                        dimensionWeights[layer.teacherLayer],
                        batch.tokens(),
                        batch.width());
                loss += layerWeight * matched.loss();
                float[] extra = matched.gradient();
                for (int i = 0; i < gradient.length; i++) {
                    gradient[i] += layerWeight * extra[i];
                }
            }
            gradient = layer.backward(saved.get(l), gradient, batch.sequences(), l > 0);
        }
        return loss;
    }

    /** Adds the gradients of shards 1 to {@code parts − 1} to the student's, in that order, and clears them. */
    private void addShardGradients(int parts) {
        if (parts == 1) {
            return;
        }
        List<Parameter> student = shardParameters.getFirst();
        pool.parallelFor(chunks.size(), c -> {
            ParameterChunk chunk = chunks.get(c);
            float[] gradient = student.get(chunk.parameter()).gradient();
            for (int s = 1; s < parts; s++) {
                float[] shard = shardParameters.get(s).get(chunk.parameter()).gradient();
                for (int i = chunk.from(); i < chunk.to(); i++) {
                    gradient[i] += shard[i];
                    shard[i] = 0;
                }
            }
        });
    }
}
