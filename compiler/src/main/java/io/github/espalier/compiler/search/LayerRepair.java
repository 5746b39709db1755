package io.github.espalier.compiler.search;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Repairs a pruned model layer by layer, in order, by least squares shrunk toward the original weights
 * (Kwon et al. 2022; {@link RidgeRegression}). Each kept layer runs on the pruned model's own hidden state,
 * and its products are refitted in the order they run: query, key and value to what the original ones made
 * of the original hidden state, where earlier pruning changed it; the attention output projection so that
 * input + attention reproduces the original model's sum before the first LayerNorm; the feed-forward up
 * projection to what the original one made of the original first LayerNorm's output; and the down
 * projection so that the second sum is reproduced. So every layer also absorbs what earlier pruning
 * changed. Whole layers before the first pruned one see the original inputs, so their original weights are
 * already the exact fit and are kept without solving. Refitting query, key, value and up as well as the
 * two output projections lifted MiniLM's 4-of-6-layer student from 0.916 to 0.925 held-out mean cosine
 * (recall@10 0.524 to 0.545) at 128 calibration texts.
 */
final class LayerRepair {
    /**
     * At most this much memory holds the original layers' values that every repair fits to, so a search, which
     * repairs dozens of candidates, runs each original layer once (MiniLM at 128 calibration texts: 290 MB,
     * and half of each repaired layer's forward passes); the distill goal's 1024 texts, repaired once, would
     * need 2.3 GB for nothing.
     */
    private static final long KEPT_TARGET_BYTES = 512L << 20;

    private final Graph fused;
    private final List<EncoderLayer> layers;
    private final Calibration calibration;
    private final ComputePool pool;
    private final boolean keepTargets;
    private final Map<Integer, List<Map<String, Tensor>>> keptTargets = new HashMap<>();

    LayerRepair(Graph fused, List<EncoderLayer> layers, Calibration calibration, ComputePool pool) {
        this.fused = fused;
        this.layers = layers;
        this.calibration = calibration;
        this.pool = pool;
        long hiddenStates =
                calibration.embeddings.stream().mapToLong(Tensor::elementCount).sum();
        this.keepTargets = 3L * Float.BYTES * hiddenStates * layers.size() <= KEPT_TARGET_BYTES;
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
            if (!inputsChanged && plan.keepsAsIs(layer)) {
                hidden = calibration.outputs.get(l);
                continue;
            }
            inputsChanged = true;
            List<Tensor> originalInput = l == 0 ? calibration.embeddings : calibration.outputs.get(l - 1);
            if (hidden != originalInput) {
                RidgeRegression.DriftedInput input = drifted(hidden, originalInput);
                for (LayerProduct product : List.of(LayerProduct.QUERY, LayerProduct.KEY, LayerProduct.VALUE)) {
                    plan = refit(plan, layer, product, input);
                }
            }
            String attentionSum = layer.attentionResidual().output(0);
            String norm = layer.attentionNorm().output(0);
            String outputSum = layer.outputResidual().output(0);
            List<Map<String, Tensor>> original = targets(l, originalInput);

            // Each stage runs from the values of the one before: refitting a product changes only what follows it.
            String context = layer.attention().output(0);
            List<Tensor> contexts = values(pruned(l, plan), l, layerInputs(layer, hidden), context);
            plan = fit(plan, layer, LayerProduct.PROJECTION, contexts, values(original, attentionSum), hidden);

            List<Tensor> norms = values(pruned(l, plan), l, Map.of(layer.input(), hidden, context, contexts), norm);
            plan = refit(plan, layer, LayerProduct.UP, drifted(norms, values(original, norm)));

            String activations = layer.up().output(0);
            List<Tensor> neurons = values(pruned(l, plan), l, Map.of(norm, norms), activations);
            plan = fit(plan, layer, LayerProduct.DOWN, neurons, values(original, outputSum), norms);
            repaired.set(l, plan);

            hidden = values(pruned(l, plan), l, Map.of(norm, norms, activations, neurons), layer.output());
        }
        return repaired;
    }

    /** The original layer's first sum, first norm and second sum on its original input, batch by batch. */
    private List<Map<String, Tensor>> targets(int l, List<Tensor> originalInput) {
        List<Map<String, Tensor>> kept = keptTargets.get(l);
        if (kept != null) {
            return kept;
        }
        EncoderLayer layer = layers.get(l);
        List<String> values = List.of(
                layer.attentionResidual().output(0),
                layer.attentionNorm().output(0),
                layer.outputResidual().output(0));
        List<Map<String, Tensor>> targets = run(fused, l, layerInputs(layer, originalInput), values);
        if (keepTargets) {
            keptTargets.put(l, targets);
        }
        return targets;
    }

    /** The pruned model's input to a product beside the original model's, for refitting what reads it. */
    private RidgeRegression.DriftedInput drifted(List<Tensor> input, List<Tensor> originalInput) {
        float[] x = tokenRows(input);
        return new RidgeRegression.DriftedInput(
                x, tokenRows(originalInput), calibration.tokens(), x.length / calibration.tokens(), pool);
    }

    /** Refits {@code product} to reproduce what the original one made of the original input. */
    private LayerPlan refit(
            LayerPlan plan, EncoderLayer layer, LayerProduct product, RidgeRegression.DriftedInput input) {
        return plan.with(product, input.refit(product.original(layer, plan, fused.initializers()), pool));
    }

    /** The original graph with layer {@code l} pruned as {@code plan} says: all that running that layer needs. */
    private Graph pruned(int l, LayerPlan plan) {
        List<LayerPlan> plans = new ArrayList<>();
        layers.forEach(layer -> plans.add(LayerPlan.whole(layer)));
        plans.set(l, plan);
        return StructuredPruning.apply(fused, layers, plans);
    }

    /** The real tokens' rows of every batch's [batch, sequence, width] states, one after another. */
    private float[] tokenRows(List<Tensor> states) {
        int width = Math.toIntExact(states.getFirst().dim(-1));
        float[] rows = new float[calibration.tokens() * width];
        int next = 0;
        for (int b = 0; b < states.size(); b++) {
            float[] batchRows = calibration.batches.get(b).tokenRows(states.get(b));
            System.arraycopy(batchRows, 0, rows, next, batchRows.length);
            next += batchRows.length;
        }
        return rows;
    }

    /** The layer's hidden state and attention mask, batch by batch: what running the whole layer reads. */
    private Map<String, List<Tensor>> layerInputs(EncoderLayer layer, List<Tensor> hidden) {
        return Map.of(layer.input(), hidden, layer.mask(), calibration.masks);
    }

    private List<Tensor> values(Graph graph, int l, Map<String, List<Tensor>> given, String value) {
        return values(run(graph, l, given, List.of(value)), value);
    }

    private static List<Tensor> values(List<Map<String, Tensor>> outputs, String value) {
        return outputs.stream().map(out -> out.get(value)).toList();
    }

    /** Runs what layer {@code l} of {@code graph} computes from the {@code given} values, batch by batch. */
    private List<Map<String, Tensor>> run(Graph graph, int l, Map<String, List<Tensor>> given, List<String> values) {
        List<String> names = List.copyOf(given.keySet());
        GraphRunner runner = GraphRunner.layer(graph, layers.get(l), names, values, pool);
        List<Map<String, Tensor>> outputs = new ArrayList<>();
        for (int b = 0; b < calibration.masks.size(); b++) {
            Map<String, Tensor> inputs = new HashMap<>();
            for (String name : names) {
                inputs.put(name, given.get(name).get(b));
            }
            outputs.add(runner.run(inputs));
        }
        return outputs;
    }

    /**
     * Refits a product over all calibration tokens: X are the rows of {@code regressor}, Y the original
     * residual sum minus the pruned model's residual input (what the product must add).
     */
    private LayerPlan fit(
            LayerPlan plan,
            EncoderLayer layer,
            LayerProduct product,
            List<Tensor> regressor,
            List<Tensor> originalSums,
            List<Tensor> residuals) {
        float[] x = tokenRows(regressor);
        float[] y = tokenRows(originalSums);
        float[] residual = tokenRows(residuals);
        for (int i = 0; i < y.length; i++) {
            y[i] -= residual[i];
        }
        int rows = calibration.tokens();
        LayerProduct.Weights fit = RidgeRegression.fit(
                x,
                rows,
                x.length / rows,
                y,
                y.length / rows,
                product.original(layer, plan, fused.initializers()).weights(),
                pool);
        return plan.with(product, fit);
    }
}
