package io.github.espalier.runtime.model;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Arrays;

/** Turns token embeddings [batch, sequence, hidden] into one vector per text, as sentence-transformers does. */
public final class SentencePooling {
    /** As torch.nn.functional.normalize: a zero vector stays zero instead of becoming NaN. */
    private static final double NORM_EPSILON = 1e-12;

    private SentencePooling() {}

    /**
     * Pools a [batch, sequence, hidden] output (or passes through an already pooled [batch, hidden] one).
     * {@code mask} is the [batch, sequence] attention mask, row-major.
     */
    public static float[][] pool(Tensor output, String outputName, long[] mask, Pooling pooling, boolean normalize) {
        if (output.dtype() != DType.FLOAT || (output.rank() != 2 && output.rank() != 3)) {
            throw new EspalierException("output '" + outputName + "' is " + output.dtype() + " "
                    + Arrays.toString(output.shape()) + " but embedding needs FLOAT [batch, sequence, hidden]");
        }
        float[] values = output.heapFloats() != null ? output.heapFloats() : output.toFloatArray();
        int batch = (int) output.dim(0);
        int hidden = (int) output.dim(-1);
        int sequence = output.rank() == 3 ? (int) output.dim(1) : 1;
        if (output.rank() == 3 && mask.length != (long) batch * sequence) {
            throw new EspalierException("output '" + outputName + "' has shape " + Arrays.toString(output.shape())
                    + " which does not match the attention mask of " + mask.length + " tokens");
        }
        float[][] pooled = new float[batch][];
        for (int b = 0; b < batch; b++) {
            int rowStart = b * sequence * hidden;
            pooled[b] = output.rank() == 2 || pooling == Pooling.CLS
                    ? Arrays.copyOfRange(values, rowStart, rowStart + hidden)
                    : mean(values, rowStart, mask, b * sequence, sequence, hidden);
            if (normalize) {
                normalize(pooled[b]);
            }
        }
        return pooled;
    }

    private static float[] mean(float[] values, int rowStart, long[] mask, int maskStart, int sequence, int hidden) {
        double[] sum = new double[hidden];
        long tokens = 0;
        for (int s = 0; s < sequence; s++) {
            if (mask[maskStart + s] != 0) {
                tokens++;
                int at = rowStart + s * hidden;
                for (int h = 0; h < hidden; h++) {
                    sum[h] += values[at + h];
                }
            }
        }
        float[] mean = new float[hidden];
        for (int h = 0; h < hidden; h++) {
            mean[h] = tokens == 0 ? 0f : (float) (sum[h] / tokens);
        }
        return mean;
    }

    private static void normalize(float[] vector) {
        double squares = 0;
        for (float v : vector) {
            squares += (double) v * v;
        }
        double scale = 1 / Math.max(Math.sqrt(squares), NORM_EPSILON);
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) (vector[i] * scale);
        }
    }
}
