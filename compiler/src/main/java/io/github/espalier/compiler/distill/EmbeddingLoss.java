package io.github.espalier.compiler.distill;

import io.github.espalier.runtime.model.Pooling;
import java.util.Arrays;

/**
 * The cosine distillation loss on sentence embeddings: mean over the batch of {@code 1 − cos(u_b, t_b)}, where
 * u_b is the student's pooled, L2-normalized embedding and t_b the teacher's. It trains what the compiled model
 * is used for, the direction of the embedding. Pooling and normalization follow sentence-transformers (norm at
 * least 1e-12; every text has a token), and {@link #unitEmbeddings} gives the teacher targets the same way.
 */
final class EmbeddingLoss {
    private static final double MIN_NORM = 1e-12;

    private final Pooling pooling;

    /** The mean loss and its gradient with respect to the hidden states [tokens, width]. */
    record Result(double loss, float[] gradient) {}

    EmbeddingLoss(Pooling pooling) {
        this.pooling = pooling;
    }

    /**
     * @param hidden the student's last hidden states [tokens, width], laid out as {@code sequences}
     * @param teacherUnit [texts][width], each of unit length
     */
    Result evaluate(float[] hidden, Sequences sequences, float[][] teacherUnit, int width) {
        requireShape(hidden, sequences, width);
        float[] gradient = new float[hidden.length];
        int batch = sequences.count();
        double loss = 0;
        for (int b = 0; b < batch; b++) {
            double[] weights = tokenWeights(sequences, pooling, b);
            double[] pooled = pool(hidden, weights, sequences.start(b), width);
            double norm = Math.max(norm(pooled), MIN_NORM);
            double cosine = 0;
            for (int i = 0; i < width; i++) {
                cosine += pooled[i] / norm * teacherUnit[b][i];
            }
            loss += 1 - cosine;
            // d(1 − u·t)/dp = −(t − cos·u) / ‖p‖ for u = p / ‖p‖; the mean over the batch divides by batch
            for (int i = 0; i < width; i++) {
                double dPooled = -(teacherUnit[b][i] - cosine * pooled[i] / norm) / (norm * batch);
                for (int s = 0; s < weights.length; s++) {
                    gradient[(sequences.start(b) + s) * width + i] = (float) (weights[s] * dPooled);
                }
            }
        }
        return new Result(loss / batch, gradient);
    }

    /** The pooled, L2-normalized embedding of each text, [texts][width]. */
    static float[][] unitEmbeddings(float[] hidden, Sequences sequences, Pooling pooling, int width) {
        requireShape(hidden, sequences, width);
        float[][] embeddings = new float[sequences.count()][width];
        for (int b = 0; b < sequences.count(); b++) {
            double[] pooled = pool(hidden, tokenWeights(sequences, pooling, b), sequences.start(b), width);
            double norm = Math.max(norm(pooled), MIN_NORM);
            for (int i = 0; i < width; i++) {
                embeddings[b][i] = (float) (pooled[i] / norm);
            }
        }
        return embeddings;
    }

    /** Pooling as a weighted sum of text b's tokens: the mean of all, or the first token alone. */
    private static double[] tokenWeights(Sequences sequences, Pooling pooling, int b) {
        double[] weights = new double[sequences.length(b)];
        switch (pooling) {
            case CLS -> weights[0] = 1;
            case MEAN -> Arrays.fill(weights, 1.0 / weights.length);
        }
        return weights;
    }

    private static double[] pool(float[] hidden, double[] weights, int start, int width) {
        double[] pooled = new double[width];
        for (int s = 0; s < weights.length; s++) {
            int row = (start + s) * width;
            for (int i = 0; i < width; i++) {
                pooled[i] += weights[s] * hidden[row + i];
            }
        }
        return pooled;
    }

    private static double norm(double[] x) {
        double squares = 0;
        for (double value : x) {
            squares += value * value;
        }
        return Math.sqrt(squares);
    }

    private static void requireShape(float[] hidden, Sequences sequences, int width) {
        if (hidden.length != (long) sequences.tokens() * width) {
            throw new IllegalArgumentException("embedding loss: hidden of " + hidden.length + " elements does not fit "
                    + sequences.tokens() + " tokens x " + width);
        }
    }
}
