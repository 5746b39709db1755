package io.github.espalier.compiler.distill;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.search.EncoderLayer;
import io.github.espalier.compiler.search.GraphRunner;
import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.model.Pooling;
import io.github.espalier.runtime.model.TokenBatch;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Runs the original model over the training text once, on the runtime's kernels, keeping what students learn. */
final class Teacher {
    /** Keeps a dimension that never varies from getting an unbounded weight. */
    private static final double MIN_VARIANCE = 1e-6;

    private Teacher() {}

    /**
     * @throws DistillationException when the model's output is not the last encoder layer's hidden state,
     *     which the student's last layer must reproduce, or when the heap cannot hold the kept states
     */
    static List<TeacherBatch> capture(
            Graph fused, List<EncoderLayer> layers, List<TokenBatch> batches, Pooling pooling, ComputePool pool) {
        String output = fused.outputs().getFirst().name();
        if (!layers.getLast().output().equals(output)) {
            throw new DistillationException("Distillation trains the encoder layers towards the model's output, but "
                    + "this model's output '" + output + "' is not the last encoder layer's hidden state '"
                    + layers.getLast().output() + "'; export the model with last_hidden_state as its first output");
        }
        List<String> values = new ArrayList<>();
        values.add(layers.getFirst().input());
        layers.forEach(layer -> values.add(layer.output()));
        GraphRunner runner = GraphRunner.computing(fused, values, pool);
        List<TeacherBatch> captured = new ArrayList<>();
        try {
            for (TokenBatch batch : batches) {
                Map<String, Tensor> out = runner.run(batch.inputs(runner.inputs()));
                Tensor input = out.get(values.getFirst());
                int width = Math.toIntExact(input.dim(-1));
                Sequences sequences = Sequences.ofMask(batch.mask(), batch.size(), batch.sequence());
                float[][] layerOutputs = new float[layers.size()][];
                for (int l = 0; l < layers.size(); l++) {
                    layerOutputs[l] =
                            sequences.compact(out.get(layers.get(l).output()).toFloatArray(), batch.sequence(), width);
                }
                captured.add(TeacherBatch.of(
                        sequences,
                        width,
                        sequences.compact(input.toFloatArray(), batch.sequence(), width),
                        layerOutputs,
                        EmbeddingLoss.unitEmbeddings(layerOutputs[layers.size() - 1], sequences, pooling, width)));
            }
        } catch (OutOfMemoryError e) {
            // The kept states are the one large allocation here; once this throws, they are garbage.
            long kept = captured.stream().mapToLong(TeacherBatch::bytes).sum();
            long needed = captured.isEmpty() ? kept : kept / captured.size() * batches.size();
            throw new DistillationException(String.format(
                    Locale.ROOT,
                    "The heap (%d MB) ran out while keeping the original model's hidden states for training: %d of"
                            + " %d batches were kept, %d MB, and all would take %d MB or more (batches of short texts"
                            + " come first). Give the build more heap (MAVEN_OPTS=-Xmx...) or set <trainingTexts>"
                            + " lower",
                    Runtime.getRuntime().maxMemory() >> 20,
                    captured.size(),
                    batches.size(),
                    kept >> 20,
                    needed >> 20));
        }
        return captured;
    }

    /**
     * One over each dimension's variance in each original layer's output, over the real tokens of all
     * batches: the hidden-state loss's weights, which make every dimension's error count relative to its
     * spread. These encoders have a few dimensions with values tens of times larger than the rest, which an
     * unweighted error would be all about.
     */
    static float[][] inverseVariances(List<TeacherBatch> batches) {
        TeacherBatch first = batches.getFirst();
        int width = first.width();
        float[][] weights = new float[first.layers()][width];
        for (int l = 0; l < weights.length; l++) {
            double[] sum = new double[width];
            double[] squares = new double[width];
            long rows = 0;
            for (TeacherBatch batch : batches) {
                float[] output = batch.layerOutput(l);
                rows += batch.tokens();
                for (int r = 0; r < batch.tokens(); r++) {
                    for (int d = 0; d < width; d++) {
                        double value = output[r * width + d];
                        sum[d] += value;
                        squares[d] += value * value;
                    }
                }
            }
            for (int d = 0; d < width; d++) {
                double mean = sum[d] / rows;
                weights[l][d] = (float) (1 / Math.max(squares[d] / rows - mean * mean, MIN_VARIANCE));
            }
        }
        return weights;
    }
}
