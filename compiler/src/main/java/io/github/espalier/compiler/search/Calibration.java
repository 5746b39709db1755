package io.github.espalier.compiler.search;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.model.TokenBatch;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The original model's behaviour on calibration text, captured once: the layer-0 input and attention mask
 * of every batch, every layer's output, and each layer's unit importance. What repair fits a layer to is
 * recomputed from the layer's original input when it is needed, which keeps this to 7 hidden states a token
 * for MiniLM instead of 19.
 */
final class Calibration {
    final List<TokenBatch> batches;
    final List<Tensor> embeddings = new ArrayList<>();
    final List<Tensor> masks = new ArrayList<>();
    /** [layer][batch]: each layer's output hidden state, where repair takes over after layers kept whole. */
    final List<List<Tensor>> outputs = new ArrayList<>();

    final List<LayerImportance> importance = new ArrayList<>();

    private Calibration(List<TokenBatch> batches) {
        this.batches = List.copyOf(batches);
    }

    static Calibration capture(Graph fused, List<EncoderLayer> layers, List<TokenBatch> batches, ComputePool pool) {
        Calibration calibration = new Calibration(batches);
        List<String> values = new ArrayList<>(
                List.of(layers.getFirst().input(), layers.getFirst().mask()));
        for (EncoderLayer layer : layers) {
            values.addAll(List.of(
                    layer.attentionResidual().output(0),
                    layer.outputResidual().output(0),
                    layer.attention().output(0),
                    layer.up().output(0),
                    layer.output()));
            calibration.outputs.add(new ArrayList<>());
        }
        List<ImportanceStatistics> statistics =
                layers.stream().map(ImportanceStatistics::new).toList();
        GraphRunner runner = GraphRunner.computing(fused, values, pool);
        for (TokenBatch batch : batches) {
            Map<String, Tensor> out = runner.run(batch.inputs(runner.inputs()));
            calibration.embeddings.add(copy(out.get(values.get(0))));
            calibration.masks.add(copy(out.get(values.get(1))));
            for (int l = 0; l < layers.size(); l++) {
                EncoderLayer layer = layers.get(l);
                calibration.outputs.get(l).add(copy(out.get(layer.output())));
                statistics
                        .get(l)
                        .add(
                                batch,
                                out.get(layer.input()),
                                out.get(layer.output()),
                                out.get(layer.attentionResidual().output(0)),
                                out.get(layer.outputResidual().output(0)),
                                out.get(layer.attention().output(0)),
                                out.get(layer.up().output(0)),
                                pool);
            }
        }
        for (ImportanceStatistics layerStatistics : statistics) {
            calibration.importance.add(layerStatistics.importance(fused));
        }
        return calibration;
    }

    int tokens() {
        return batches.stream().mapToInt(TokenBatch::tokens).sum();
    }

    static Tensor copy(Tensor tensor) {
        return Tensor.ofFloats(tensor.toFloatArray(), tensor.shape());
    }
}
