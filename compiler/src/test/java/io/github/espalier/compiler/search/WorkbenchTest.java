package io.github.espalier.compiler.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.runtime.model.Pooling;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Scoring a candidate from the original's hidden state at its first pruned layer, on the real MiniLM. */
class WorkbenchTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "12h/1536 12h/1536 12h/1536 12h/1536 12h/1536 12h/768",
                "12h/1536 12h/1536 dropped 12h/1536 6h/1536 12h/1536",
                "6h/1536 12h/1536 12h/1536 12h/1536 12h/1536 12h/1536"
            })
    void scoresACandidateFromItsFirstPrunedLayerAsItScoresTheWholeModel(String shape) {
        TextCorpus.Split split = TextCorpus.split(TextCorpus.builtIn(), 7, 16, 40, 0);
        try (Workbench bench = new Workbench(
                MiniLmFixture.fused(), MiniLmFixture.tokenizer(), split, MiniLmFixture.OUTPUT, Pooling.MEAN, 2)) {
            Architecture architecture = Architecture.parse(shape);
            Graph repaired = bench.repaired(architecture);

            Fidelity whole = bench.validate(repaired);
            Fidelity fromFirstPruned = bench.validate(architecture, repaired);

            assertThat(whole.meanCosine()).isLessThan(0.999);
            assertThat(fromFirstPruned.meanCosine()).isCloseTo(whole.meanCosine(), within(1e-6));
            assertThat(fromFirstPruned.p5Cosine()).isCloseTo(whole.p5Cosine(), within(1e-6));
            assertThat(fromFirstPruned.recallAt10()).isEqualTo(whole.recallAt10());
        }
    }
}
