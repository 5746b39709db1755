package io.github.espalier.compiler.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.espalier.compiler.CompilationException;
import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.model.TokenBatch;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pruning the real MiniLM: what is removed carried nothing, so outputs must not change. */
class StructuredPruningTest {
    private static final List<String> TEXTS = List.of(
            "The committee adopted the report without a vote.",
            "Espaliers are trees trained flat against a wall.",
            "short");

    private static ComputePool pool;

    @BeforeAll
    static void start() {
        pool = ComputePool.create(2);
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    @Test
    void findsTheSixLayersOfMiniLm() {
        List<EncoderLayer> layers = EncoderLayers.find(MiniLmFixture.fused());
        assertThat(layers).hasSize(6).allSatisfy(layer -> {
            assertThat(layer.heads()).isEqualTo(12);
            assertThat(layer.neurons()).isEqualTo(1536);
        });
        for (int l = 1; l < layers.size(); l++) {
            assertThat(layers.get(l).input()).isEqualTo(layers.get(l - 1).output());
        }
    }

    @Test
    void removingUnitsThatContributeNothingKeepsTheOutput() {
        Graph fused = MiniLmFixture.fused();
        List<EncoderLayer> layers = EncoderLayers.find(fused);
        EncoderLayer layer = layers.get(1);
        int[] silentHeads = {2, 5};
        int[] silentNeurons = IntStream.range(100, 484).toArray();
        Map<String, Tensor> initializers = new LinkedHashMap<>(fused.initializers());
        initializers.put(
                layer.attentionProjection().input(1),
                zeroRows(
                        fused.initializers().get(layer.attentionProjection().input(1)),
                        Indices.headColumns(silentHeads, 32)));
        initializers.put(
                layer.down().input(1),
                zeroRows(fused.initializers().get(layer.down().input(1)), silentNeurons));
        Graph silenced = fused.withInitializers(initializers);

        List<LayerPlan> plans =
                new ArrayList<>(layers.stream().map(LayerPlan::whole).toList());
        plans.set(1, LayerPlan.keeping(without(12, silentHeads), without(1536, silentNeurons)));
        Graph pruned = StructuredPruning.apply(silenced, layers, plans);

        assertThat(pruned.initializers())
                .as("the original query weights are gone from the pruned graph")
                .doesNotContainKey(layer.query().input(1));
        EncoderLayer prunedLayer = EncoderLayers.find(pruned).get(1);
        assertThat(prunedLayer.heads()).isEqualTo(10);
        assertThat(prunedLayer.neurons()).isEqualTo(1536 - 384);
        assertThat(pruned.initializers().get(prunedLayer.query().input(1)).shape())
                .containsExactly(384, 320);
        assertThat(pruned.initializers().get(prunedLayer.down().input(1)).shape())
                .containsExactly(1152, 384);
        assertClose(run(pruned), run(silenced), 2e-4f);
    }

    @Test
    void droppingTheLastLayerOutputsWhatTheLayerBeforeProduced() {
        Graph fused = MiniLmFixture.fused();
        List<EncoderLayer> layers = EncoderLayers.find(fused);
        List<LayerPlan> plans =
                new ArrayList<>(layers.stream().map(LayerPlan::whole).toList());
        plans.set(5, LayerPlan.dropped());
        Graph pruned = StructuredPruning.apply(fused, layers, plans);

        assertThat(EncoderLayers.find(pruned)).hasSize(5);
        float[] expected = run(fused, layers.get(4).output());
        assertClose(run(pruned), expected, 0f);
    }

    @Test
    void refusesAGraphWithoutEncoderLayers() {
        Graph fused = MiniLmFixture.fused();
        Graph noAttention = fused.withNodes(fused.nodes().subList(0, 20));
        assertThatThrownBy(() -> EncoderLayers.find(noAttention))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("BERT-style")
                .hasMessageContaining("without search");
    }

    private static float[] run(Graph graph) {
        return run(graph, MiniLmFixture.OUTPUT);
    }

    private static float[] run(Graph graph, String value) {
        TokenBatch batch = TokenBatch.of(MiniLmFixture.tokenizer(), TEXTS, 8).getFirst();
        GraphRunner runner = GraphRunner.computing(graph, List.of(value), pool);
        return runner.run(batch.inputs(runner.inputs())).get(value).toFloatArray();
    }

    private static void assertClose(float[] actual, float[] expected, float tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        float worst = 0;
        for (int i = 0; i < actual.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
        }
        assertThat(worst).isLessThanOrEqualTo(tolerance);
    }

    private static Tensor zeroRows(Tensor matrix, int[] rows) {
        float[] values = matrix.toFloatArray();
        int cols = Math.toIntExact(matrix.dim(1));
        for (int r : rows) {
            java.util.Arrays.fill(values, r * cols, (r + 1) * cols, 0f);
        }
        return Tensor.ofFloats(values, matrix.shape());
    }

    private static int[] without(int count, int[] removed) {
        java.util.Set<Integer> gone =
                java.util.Arrays.stream(removed).boxed().collect(java.util.stream.Collectors.toSet());
        return IntStream.range(0, count).filter(i -> !gone.contains(i)).toArray();
    }
}
