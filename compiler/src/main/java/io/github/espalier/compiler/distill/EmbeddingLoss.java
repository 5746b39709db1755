package io.github.espalier.compiler.distill;

import io.github.espalier.runtime.model.Pooling;

/**
 * The cosine distillation loss on sentence embeddings: mean over the batch of {@code 1 − cos(u_b, t_b)}, where
 * u_b is the student's pooled, L2-normalized embedding and t_b the teacher's. It trains what the compiled model
 * is used for, the direction of the embedding. Pooling and normalization follow sentence-transformers (token
 * count at least 1e-9, norm at least 1e-12), and {@link #unitEmbeddings} gives the teacher targets the same way.
 */
final class EmbeddingLoss {
    private static final double MIN_TOKENS = 1e-9;
    private static final double MIN_NORM = 1e-12;

    private final Pooling pooling;

    /** The mean loss and its gradient with respect to the hidden states [batch·seq, width]. */
    record Result(double loss, float[] gradient) {}

    EmbeddingLoss(Pooling pooling) {
        this.pooling = pooling;
    }

    /**
     * @param mask [batch·seq], 1 for real tokens and 0 for padding
     * @param teacherUnit [batch][width], each of unit length
     */
    Result evaluate(float[] hidden, float[] mask, float[][] teacherUnit, int batch, int seq, int width) {
        requireShapes(hidden, mask, batch, seq, width);
        float[] gradient = new float[hidden.length];
        double loss = 0;
        for (int b = 0; b < batch; b++) {
            double[] weights = tokenWeights(mask, pooling, b, seq);
            double[] pooled = pool(hidden, weights, b, seq, width);
            double norm = Math.max(norm(pooled), MIN_NORM);
            double cosine = 0;
            for (int i = 0; i < width; i++) {
                cosine += pooled[i] / norm * teacherUnit[b][i];
            }
            loss += 1 - cosine;
            // d(1 − u·t)/dp = −(t − cos·u) / ‖p‖ for u = p / ‖p‖; the mean over the batch divides by batch
            for (int i = 0; i < width; i++) {
                double dPooled = -(teacherUnit[b][i] - cosine * pooled[i] / norm) / (norm * batch);
                for (int s = 0; s < seq; s++) {
                    gradient[(b * seq + s) * width + i] = (float) (weights[s] * dPooled);
                }
            }
        }
        return new Result(loss / batch, gradient);
    }

    /** The pooled, L2-normalized embedding of each sequence, [batch][width]. */
    static float[][] unitEmbeddings(float[] hidden, float[] mask, Pooling pooling, int batch, int seq, int width) {
        requireShapes(hidden, mask, batch, seq, width);
        float[][] embeddings = new float[batch][width];
        for (int b = 0; b < batch; b++) {
            double[] pooled = pool(hidden, tokenWeights(mask, pooling, b, seq), b, seq, width);
            double norm = Math.max(norm(pooled), MIN_NORM);
            for (int i = 0; i < width; i++) {
                embeddings[b][i] = (float) (pooled[i] / norm);
            }
        }
        return embeddings;
    }

    /** Pooling as a weighted sum of the tokens of sequence b: the mask over the token count, or the first token. */
    private static double[] tokenWeights(float[] mask, Pooling pooling, int b, int seq) {
        double[] weights = new double[seq];
        switch (pooling) {
            case CLS -> weights[0] = 1;
            case MEAN -> {
                double tokens = 0;
                for (int s = 0; s < seq; s++) {
                    tokens += mask[b * seq + s];
                }
                for (int s = 0; s < seq; s++) {
                    weights[s] = mask[b * seq + s] / Math.max(tokens, MIN_TOKENS);
                }
            }
        }
        return weights;
    }

    private static double[] pool(float[] hidden, double[] weights, int b, int seq, int width) {
        double[] pooled = new double[width];
        for (int s = 0; s < seq; s++) {
            int row = (b * seq + s) * width;
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

    private static void requireShapes(float[] hidden, float[] mask, int batch, int seq, int width) {
        if (hidden.length != (long) batch * seq * width || mask.length != batch * seq) {
            throw new IllegalArgumentException("embedding loss: hidden of " + hidden.length + " and mask of "
                    + mask.length + " elements do not fit " + batch + " x " + seq + " x " + width);
        }
    }
}
