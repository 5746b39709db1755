package io.github.espalier.compiler.search;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.model.TokenBatch;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Repairs a pruned model layer by layer, in order, by least squares shrunk toward the original weights
 * (Kwon et al. 2022; {@link RidgeRegression}): each kept layer's attention output projection is refitted so
 * that, from the pruned model's own hidden state, input + attention reproduces the original model's sum
 * before the first LayerNorm; then the feed-forward down projection so that the second sum is reproduced.
 * Fitting against the pruned model's inputs lets every layer also absorb what earlier pruning changed. Whole
 * layers before the first pruned one see the original inputs, so their original weights are already the
 * exact fit and are kept without solving.
 */
final class LayerRepair {
    private final Graph fused;
    private final List<EncoderLayer> layers;
    private final Calibration calibration;
    private final ComputePool pool;

    LayerRepair(Graph fused, List<EncoderLayer> layers, Calibration calibration, ComputePool pool) {
        this.fused = fused;
        this.layers = layers;
        this.calibration = calibration;
        this.pool = pool;
    }

    List<LayerPlan> repair(List<LayerPlan> plans) {
        List<LayerPlan> repaired = new ArrayList<>();
        layers.forEach(layer -> repaired.add(LayerPlan.whole(layer)));
        List<Tensor> hidden = calibration.embeddings;
        boolean inputsChanged = false;
        for (int l = 0; l < layers.size(); l++) {
            LayerPlan plan = plans.get(l);
            EncoderLayer layer = layers.get(l);
            repaired.set(l, plan);
            if (plan.isDropped()) {
                inputsChanged = true;
                continue;
            }
            if (!inputsChanged && keepsEverything(plan, layer)) {
                hidden = calibration.outputs.get(l);
                continue;
            }
            inputsChanged = true;
            String context = layer.attention().output(0);
            Fitting attention = new Fitting(
                    run(repaired, l, hidden, List.of(context)), context, calibration.attentionSums.get(l), hidden);
            RidgeRegression.Fit projection = attention.fit(originalProjection(layer, plan), pool);
            repaired.set(l, plan = plan.withProjection(projection.weights(), projection.bias()));

            String norm = layer.attentionNorm().output(0);
            String activations = layer.up().output(0);
            List<Map<String, Tensor>> ffn = run(repaired, l, hidden, List.of(norm, activations));
            Fitting feedForward = new Fitting(
                    ffn,
                    activations,
                    calibration.outputSums.get(l),
                    ffn.stream().map(out -> out.get(norm)).toList());
            RidgeRegression.Fit down = feedForward.fit(originalDown(layer, plan), pool);
            repaired.set(l, plan.withDown(down.weights(), down.bias()));

            hidden = outputs(repaired, l, hidden);
        }
        return repaired;
    }

    /** The original attention output projection's rows for the heads {@code plan} keeps: the fit's prior. */
    private Tensor originalProjection(EncoderLayer layer, LayerPlan plan) {
        Tensor weights = fused.initializers().get(layer.attentionProjection().input(1));
        int headSize = Math.toIntExact(weights.dim(0)) / layer.heads();
        return Indices.rows(weights, Indices.headColumns(plan.keptHeads(), headSize));
    }

    /** The original feed-forward down projection's rows for the neurons {@code plan} keeps: the fit's prior. */
    private Tensor originalDown(EncoderLayer layer, LayerPlan plan) {
        return Indices.rows(fused.initializers().get(layer.down().input(1)), plan.keptNeurons());
    }

    private static boolean keepsEverything(LayerPlan plan, EncoderLayer layer) {
        return plan.keptHeads().length == layer.heads()
                && plan.keptNeurons().length == layer.neurons()
                && plan.projectionWeights() == null
                && plan.downWeights() == null;
    }

    /** Layer {@code l}'s output hidden state for each batch. */
    private List<Tensor> outputs(List<LayerPlan> plans, int l, List<Tensor> hidden) {
        String output = layers.get(l).output();
        return run(plans, l, hidden, List.of(output)).stream()
                .map(out -> out.get(output))
                .toList();
    }

    /** Runs layer {@code l} of the model pruned by {@code plans} on each batch's hidden state. */
    private List<Map<String, Tensor>> run(List<LayerPlan> plans, int l, List<Tensor> hidden, List<String> values) {
        Graph pruned = StructuredPruning.apply(fused, layers, plans);
        EncoderLayer layer = layers.get(l);
        GraphRunner runner = GraphRunner.layer(pruned, layer, values, pool);
        List<Map<String, Tensor>> outputs = new ArrayList<>();
        for (int b = 0; b < hidden.size(); b++) {
            outputs.add(runner.run(Map.of(layer.input(), hidden.get(b), layer.mask(), calibration.masks.get(b))));
        }
        return outputs;
    }

    /**
     * One least-squares problem over all calibration tokens: X are the rows of {@code regressor}, Y the
     * original residual sum minus the pruned model's residual input (what the product must add).
     */
    private final class Fitting {
        private final float[] x;
        private final float[] y;
        private final int rows;
        private final int xCols;
        private final int yCols;

        Fitting(
                List<Map<String, Tensor>> outputs,
                String regressor,
                List<Tensor> originalSums,
                List<Tensor> residuals) {
            rows = calibration.tokens();
            xCols = Math.toIntExact(outputs.getFirst().get(regressor).dim(-1));
            yCols = Math.toIntExact(originalSums.getFirst().dim(-1));
            x = new float[rows * xCols];
            y = new float[rows * yCols];
            int xNext = 0;
            int yNext = 0;
            for (int b = 0; b < outputs.size(); b++) {
                TokenBatch batch = calibration.batches.get(b);
                float[] xRows = batch.tokenRows(outputs.get(b).get(regressor));
                System.arraycopy(xRows, 0, x, xNext, xRows.length);
                xNext += xRows.length;
                float[] sum = batch.tokenRows(originalSums.get(b));
                float[] residual = batch.tokenRows(residuals.get(b));
                for (int i = 0; i < sum.length; i++) {
                    y[yNext + i] = sum[i] - residual[i];
                }
                yNext += sum.length;
            }
        }

        RidgeRegression.Fit fit(Tensor prior, ComputePool pool) {
            return RidgeRegression.fit(x, rows, xCols, y, yCols, prior, pool);
        }
    }
}
