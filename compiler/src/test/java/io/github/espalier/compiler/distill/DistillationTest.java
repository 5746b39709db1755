package io.github.espalier.compiler.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.search.EncoderLayer;
import io.github.espalier.compiler.search.EncoderLayers;
import io.github.espalier.compiler.search.GraphRunner;
import io.github.espalier.compiler.search.LayerPlan;
import io.github.espalier.compiler.search.MiniLmFixture;
import io.github.espalier.compiler.search.StructuredPruning;
import io.github.espalier.compiler.search.TextCorpus;
import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.model.Pooling;
import io.github.espalier.runtime.model.TokenBatch;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Distillation end to end on the real all-MiniLM-L6-v2 and real text, checked against the original model. */
class DistillationTest {
    private static final Set<Integer> DROPPED = Set.of(1, 3);

    private static ComputePool pool;
    private static Graph fused;
    private static List<EncoderLayer> layers;
    private static List<TokenBatch> training;
    private static List<TokenBatch> heldOut;

    @BeforeAll
    static void load() {
        pool = ComputePool.create(2);
        fused = MiniLmFixture.fused();
        layers = EncoderLayers.find(fused);
        List<String> texts = TextCorpus.builtIn();
        training = TokenBatch.of(MiniLmFixture.tokenizer(), texts.subList(0, 96), 16);
        heldOut = TokenBatch.of(MiniLmFixture.tokenizer(), texts.subList(1000, 1064), 16);
    }

    @AfterAll
    static void closePool() {
        pool.close();
    }

    @Test
    void studentOfTheUnprunedModelComputesOnRealTokensWhatTheRuntimeComputesWithPadding() {
        TokenBatch padded = training.getFirst();
        assertThat(padded.tokens()).as("tokens of a padded batch").isLessThan(padded.size() * padded.sequence());
        List<TeacherBatch> teacher = Teacher.capture(fused, layers, training.subList(0, 1), Pooling.MEAN, pool);
        TeacherBatch batch = teacher.getFirst();
        Student student = Student.of(fused, layers, 0, pool);

        float[] hidden = batch.input();
        for (StudentLayer layer : student.layers) {
            hidden = layer.forward(hidden, batch.sequences()).output();
            float[] expected = batch.layerOutput(layer.teacherLayer);
            for (int row = 0; row < batch.tokens(); row++) {
                for (int i = 0; i < batch.width(); i++) {
                    int at = row * batch.width() + i;
                    // the teacher's states are kept in half precision: 11 significant bits
                    assertThat(hidden[at])
                            .as("layer %d row %d", layer.teacherLayer, row)
                            .isCloseTo(
                                    expected[at],
                                    org.assertj.core.api.Assertions.offset(2e-3f + Math.abs(expected[at]) / 1024));
                }
            }
        }
    }

    @Test
    void trainingLiftsHeldOutFidelityOfAStudentWithTwoLayersDropped() {
        Graph variant = droppedVariant();
        double before = meanCosine(variant);

        Distillation.Outcome outcome = new Distillation(fused, layers, training, Pooling.MEAN, pool, System::nanoTime)
                .distill(variant, 40, new Distillation.Settings(2e-4, 1, 0.01, 7), line -> {});

        assertThat(outcome.steps()).isEqualTo(40);
        assertThat(outcome.lastLoss()).isLessThan(outcome.firstLoss() * 0.7);
        assertThat(meanCosine(outcome.graph())).isGreaterThan(before + 0.02);
    }

    @Test
    void countsTheLeadingLayersThatKeepTheOriginalWeights() {
        List<LayerPlan> halfHeadsFirst = new ArrayList<>();
        layers.forEach(layer -> halfHeadsFirst.add(LayerPlan.whole(layer)));
        halfHeadsFirst.set(
                0,
                LayerPlan.keeping(
                        new int[] {0, 1, 2, 3, 4, 5},
                        LayerPlan.whole(layers.getFirst()).keptNeurons()));

        assertThat(Student.unchangedLayers(fused, fused, layers)).isEqualTo(layers.size());
        assertThat(Student.unchangedLayers(droppedVariant(), fused, layers)).isEqualTo(1);
        assertThat(Student.unchangedLayers(StructuredPruning.apply(fused, layers, halfHeadsFirst), fused, layers))
                .isZero();
    }

    @Test
    void leavesTheUnchangedFirstLayerAsItWasAndTrainsTheRest() {
        Graph trained = new Distillation(fused, layers, training.subList(0, 2), Pooling.MEAN, pool, System::nanoTime)
                .distill(droppedVariant(), 2, Distillation.Settings.DEFAULT, line -> {})
                .graph();

        assertThat(inputOf(trained, layers.getFirst().query().name(), 1)).doesNotContain("/distilled_");
        assertThat(inputOf(trained, layers.get(2).query().name(), 1)).contains("/distilled_");
        assertThat(Student.unchangedLayers(trained, fused, layers)).isEqualTo(1);
    }

    @Test
    void sameSeedStepsAndThreadsGiveTheSameWeights() {
        Graph variant = droppedVariant();
        List<TokenBatch> few = training.subList(0, 2);
        Distillation.Settings settings = new Distillation.Settings(1e-4, 1, 0.01, 3);
        Distillation onTwo = new Distillation(fused, layers, few, Pooling.MEAN, pool, System::nanoTime);
        Graph first = onTwo.distill(variant, 3, settings, line -> {}).graph();
        Graph again = onTwo.distill(variant, 3, settings, line -> {}).graph();

        assertThat(again.initializers().keySet()).isEqualTo(first.initializers().keySet());
        assertThat(first.initializers().keySet()).anyMatch(name -> name.contains("/distilled_"));
        first.initializers().forEach((name, tensor) -> {
            if (name.contains("/distilled_")) {
                assertThat(again.initializers().get(name).toFloatArray())
                        .as(name)
                        .isEqualTo(tensor.toFloatArray());
            }
        });
        String query = layers.get(2).query().name();
        assertThat(first.initializers().get(inputOf(first, query, 1)).toFloatArray())
                .isNotEqualTo(
                        variant.initializers().get(inputOf(variant, query, 1)).toFloatArray());
    }

    @Test
    void refusesAModelWhoseOutputIsNotTheLastLayersHiddenState() {
        Graph cut = new Graph(
                fused.name(),
                fused.inputs(),
                List.of(new ValueSpec(
                        layers.get(3).output(), fused.outputs().getFirst().dtype(), List.of())),
                fused.nodes(),
                fused.initializers(),
                fused.valueTypes());

        assertThatThrownBy(() -> new Distillation(cut, layers, training, Pooling.MEAN, pool, System::nanoTime))
                .isInstanceOf(DistillationException.class)
                .hasMessageContaining("last_hidden_state");
    }

    private static String inputOf(Graph graph, String node, int input) {
        return graph.nodes().stream()
                .filter(candidate -> candidate.name().equals(node))
                .findFirst()
                .orElseThrow()
                .input(input);
    }

    private static Graph droppedVariant() {
        List<LayerPlan> plans = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            plans.add(DROPPED.contains(l) ? LayerPlan.dropped() : LayerPlan.whole(layers.get(l)));
        }
        return StructuredPruning.apply(fused, layers, plans);
    }

    /** Mean cosine of the variant's sentence embeddings against the original's on held-out text. */
    private static double meanCosine(Graph variant) {
        double sum = 0;
        int texts = 0;
        for (TokenBatch batch : heldOut) {
            float[][] original = embed(fused, batch);
            float[][] pruned = embed(variant, batch);
            for (int t = 0; t < original.length; t++) {
                double dot = 0;
                for (int i = 0; i < original[t].length; i++) {
                    dot += original[t][i] * pruned[t][i];
                }
                sum += dot;
                texts++;
            }
        }
        return sum / texts;
    }

    private static float[][] embed(Graph graph, TokenBatch batch) {
        GraphRunner runner = GraphRunner.computing(graph, List.of(MiniLmFixture.OUTPUT), pool);
        Tensor states = runner.run(batch.inputs(runner.inputs())).get(MiniLmFixture.OUTPUT);
        Sequences texts = Sequences.ofMask(batch.mask(), batch.size(), batch.sequence());
        int width = Math.toIntExact(states.dim(-1));
        return EmbeddingLoss.unitEmbeddings(
                texts.compact(states.toFloatArray(), batch.sequence(), width), texts, Pooling.MEAN, width);
    }
}
