package io.github.espalier.compiler.distill;

import io.github.espalier.runtime.model.Pooling;
import java.util.ArrayList;
import java.util.List;

/**
 * One forward and backward pass of the student on one teacher batch. The loss is the cosine distance of the
 * pooled, normalized embeddings, which is what users compare, plus the hidden-state error of every student
 * layer against the original layer it was pruned from (a dropped layer's work falls to the next kept one),
 * each dimension's error relative to its spread in the original ({@link Teacher#inverseVariances}),
 * weighted by {@code hiddenWeight} and averaged over the layers.
 */
final class TrainingStep {
    private final List<StudentLayer> layers;
    private final int skipped;
    private final EmbeddingLoss embeddingLoss;
    private final double hiddenWeight;
    private final float[][] dimensionWeights;

    /**
     * @param skipped how many leading original layers the student leaves as they are: it starts from the
     *     teacher's output of the last of them
     * @param dimensionWeights the hidden-state error's weight per dimension, by original layer
     */
    TrainingStep(
            List<StudentLayer> layers, int skipped, Pooling pooling, double hiddenWeight, float[][] dimensionWeights) {
        this.layers = List.copyOf(layers);
        this.skipped = skipped;
        this.embeddingLoss = new EmbeddingLoss(pooling);
        this.hiddenWeight = hiddenWeight;
        this.dimensionWeights = dimensionWeights;
    }

    /** Adds the gradients of the loss on {@code batch} to the student's parameters and returns the loss. */
    double run(TeacherBatch batch) {
        List<StudentLayer.Activations> saved = new ArrayList<>(layers.size());
        float[] hidden = skipped == 0 ? batch.input() : batch.layerOutput(skipped - 1);
        for (StudentLayer layer : layers) {
            StudentLayer.Activations activations = layer.forward(hidden, batch.sequences());
            saved.add(activations);
            hidden = activations.output();
        }
        EmbeddingLoss.Result embedding =
                embeddingLoss.evaluate(hidden, batch.sequences(), batch.unitEmbeddings(), batch.width());
        double loss = embedding.loss();
        float[] gradient = embedding.gradient();
        float layerWeight = (float) (hiddenWeight / layers.size());
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
}
