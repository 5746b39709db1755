package io.github.espalier.compiler.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.runtime.model.Pooling;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Least-squares repair on the real MiniLM, scored against the unpruned model on validation text that
 * calibration never saw.
 */
class LayerRepairTest {
    private static Workbench bench;

    @BeforeAll
    static void calibrate() {
        TextCorpus.Split split = TextCorpus.split(TextCorpus.builtIn(), 5, 64, 120, 1);
        bench = new Workbench(
                MiniLmFixture.fused(), MiniLmFixture.tokenizer(), split, MiniLmFixture.OUTPUT, Pooling.MEAN, 2);
    }

    @AfterAll
    static void close() {
        bench.close();
    }

    @Test
    void repairWinsBackMostOfWhatPruningLost() {
        Architecture halfFfn = Architecture.uniform(6, new LayerShape(12, 768));

        Fidelity pruned = bench.validate(bench.unrepaired(halfFfn));
        Fidelity repaired = bench.validate(bench.repaired(halfFfn));

        assertThat(pruned.meanCosine()).isLessThan(0.8);
        assertThat(repaired.meanCosine()).isGreaterThan(0.9).isGreaterThan(pruned.meanCosine() + 0.15);
        assertThat(repaired.recallAt10()).isGreaterThan(pruned.recallAt10());
    }

    @Test
    void theWholeModelKeepsItsOriginalWeights() {
        Fidelity whole = bench.validate(bench.repaired(bench.original()));
        assertThat(whole.meanCosine()).isGreaterThan(0.99999);
    }

    /** The five whole layers after the pruned one are refitted to its changed output; that must not hurt. */
    @Test
    void refittingTheWholeLayersAfterASlightPruneKeepsTheModelFaithful() {
        Architecture slight = Architecture.parse("12h/1408 12h/1536 12h/1536 12h/1536 12h/1536 12h/1536");

        assertThat(bench.validate(bench.repaired(slight)).meanCosine()).isGreaterThan(0.995);
    }

    /**
     * The first pruned layer reads the original hidden state, so only what reads its pruned units is refitted;
     * every layer after a dropped one reads a drifted input, so its query, key, value and up projection are
     * refitted too, to reproduce what they made of the original input.
     */
    @Test
    void refitsWhatReadsADriftedInput() {
        Architecture dropSecond = Architecture.parse("12h/768 dropped 12h/1536 12h/1536 12h/1536 12h/1536");
        List<LayerPlan> plans = new LayerRepair(bench.fused, bench.layers, bench.calibration, bench.pool())
                .repair(bench.plans(dropSecond));

        assertThat(plans.getFirst().repaired())
                .containsOnlyKeys(LayerProduct.PROJECTION, LayerProduct.UP, LayerProduct.DOWN);
        assertThat(plans.get(1).isDropped()).isTrue();
        for (LayerPlan after : plans.subList(2, 6)) {
            assertThat(after.repaired()).containsOnlyKeys(LayerProduct.values());
        }
        Tensor originalQuery =
                bench.fused.initializers().get(bench.layers.get(2).query().input(1));
        assertThat(plans.get(2).repaired().get(LayerProduct.QUERY).weights().toFloatArray())
                .hasSameSizeAs(originalQuery.toFloatArray())
                .isNotEqualTo(originalQuery.toFloatArray());
    }

    /** A repair after another reads the original layers' values kept from the first: the same fit as afresh. */
    @Test
    void repairWithTheOriginalValuesKeptFitsAsAFreshOne() {
        Architecture first = Architecture.parse("12h/768 12h/1536 12h/1536 12h/1536 12h/1536 12h/1536");
        Architecture second = Architecture.parse("12h/1536 dropped 6h/1536 12h/1024 12h/1536 12h/1536");
        LayerRepair kept = new LayerRepair(bench.fused, bench.layers, bench.calibration, bench.pool());
        kept.repair(bench.plans(first));

        List<LayerPlan> again = kept.repair(bench.plans(second));
        List<LayerPlan> fresh =
                new LayerRepair(bench.fused, bench.layers, bench.calibration, bench.pool()).repair(bench.plans(second));

        for (int l = 2; l < 6; l++) {
            for (LayerProduct product : LayerProduct.values()) {
                assertThat(again.get(l).repaired().get(product).weights().toFloatArray())
                        .as("layer %d, %s", l, product)
                        .isEqualTo(
                                fresh.get(l).repaired().get(product).weights().toFloatArray());
            }
        }
    }

    @Test
    void importanceRanksUnitsAndLayers() {
        assertThat(bench.calibration.importance).hasSize(6).allSatisfy(importance -> {
            assertThat(importance.heads()).hasSize(12);
            assertThat(java.util.Arrays.stream(importance.heads()).min().orElseThrow())
                    .isPositive();
            assertThat(importance.neurons()).hasSize(1536);
            assertThat(importance.influence()).isBetween(0.0, 1.0);
        });
    }
}
