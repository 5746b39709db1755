package io.github.espalier.compiler.search;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.model.TokenBatch;
import io.github.espalier.runtime.tensor.Tensor;

/** Sums over calibration tokens from which one layer's {@link LayerImportance} is computed. */
final class ImportanceStatistics {
    private final EncoderLayer layer;
    private double[] contextGram;
    private double[] neuronSquares;
    private double attentionEnergy;
    private double outputEnergy;
    private double influence;
    private long tokens;

    ImportanceStatistics(EncoderLayer layer) {
        this.layer = layer;
    }

    void add(
            TokenBatch batch,
            Tensor input,
            Tensor output,
            Tensor attentionSum,
            Tensor outputSum,
            Tensor context,
            Tensor activations,
            ComputePool pool) {
        int rows = batch.tokens();
        float[] contextRows = batch.tokenRows(context);
        int width = contextRows.length / rows;
        float[] gram = new Products(contextRows, rows, width).gram(pool);
        if (contextGram == null) {
            contextGram = new double[gram.length];
            neuronSquares = new double[layer.neurons()];
        }
        for (int i = 0; i < gram.length; i++) {
            contextGram[i] += gram[i];
        }
        float[] neuronRows = batch.tokenRows(activations);
        for (int i = 0; i < neuronRows.length; i++) {
            neuronSquares[i % layer.neurons()] += (double) neuronRows[i] * neuronRows[i];
        }
        attentionEnergy += squaredNorm(batch.tokenRows(attentionSum));
        outputEnergy += squaredNorm(batch.tokenRows(outputSum));
        float[] in = batch.tokenRows(input);
        float[] out = batch.tokenRows(output);
        int hidden = in.length / rows;
        for (int t = 0; t < rows; t++) {
            influence += 1 - cosine(in, out, t * hidden, hidden);
        }
        tokens += rows;
    }

    LayerImportance importance(Graph fused) {
        float[] projection =
                fused.initializers().get(layer.attentionProjection().input(1)).toFloatArray();
        float[] down = fused.initializers().get(layer.down().input(1)).toFloatArray();
        int hidden =
                Math.toIntExact(fused.initializers().get(layer.down().input(1)).dim(1));
        int width = (int) Math.round(Math.sqrt(contextGram.length));
        int headSize = width / layer.heads();
        double[] heads = new double[layer.heads()];
        for (int h = 0; h < heads.length; h++) {
            double sum = 0;
            for (int a = h * headSize; a < (h + 1) * headSize; a++) {
                for (int b = h * headSize; b < (h + 1) * headSize; b++) {
                    sum += contextGram[a * width + b] * dot(projection, a * hidden, b * hidden, hidden);
                }
            }
            heads[h] = sum / attentionEnergy;
        }
        double[] neurons = new double[layer.neurons()];
        for (int j = 0; j < neurons.length; j++) {
            neurons[j] = neuronSquares[j] * dot(down, j * hidden, j * hidden, hidden) / outputEnergy;
        }
        return new LayerImportance(heads, neurons, influence / tokens);
    }

    private static double squaredNorm(float[] values) {
        double sum = 0;
        for (float value : values) {
            sum += (double) value * value;
        }
        return sum;
    }

    private static double dot(float[] m, int row1, int row2, int length) {
        double sum = 0;
        for (int k = 0; k < length; k++) {
            sum += (double) m[row1 + k] * m[row2 + k];
        }
        return sum;
    }

    private static double cosine(float[] a, float[] b, int start, int length) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int k = start; k < start + length; k++) {
            ab += (double) a[k] * b[k];
            aa += (double) a[k] * a[k];
            bb += (double) b[k] * b[k];
        }
        return ab / Math.sqrt(aa * bb + 1e-30);
    }
}
