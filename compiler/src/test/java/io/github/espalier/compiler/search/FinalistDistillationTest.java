package io.github.espalier.compiler.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.runtime.model.Pooling;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The search's last step on the real MiniLM: the two most faithful finalists within budget that drop different
 * layers are distilled; a near twin of the first and a candidate over budget are not.
 */
class FinalistDistillationTest {
    private static final double BUDGET_MS = 6;

    @Test
    void distillsTheMostFaithfulFinalistsWithinBudgetAndChoosesTheBestAfterwards() {
        TextCorpus.Split split = TextCorpus.split(TextCorpus.builtIn(), 5, 32, 48, 0);
        try (Workbench bench = new Workbench(
                MiniLmFixture.fused(), MiniLmFixture.tokenizer(), split, MiniLmFixture.OUTPUT, Pooling.MEAN, 2)) {
            List<Candidate> candidates = new ArrayList<>();
            Map<Architecture, Graph> graphs = new java.util.HashMap<>();
            for (String shape : List.of(
                    "12h/1536 dropped 12h/1536 dropped 12h/1536 12h/1536",
                    "12h/1536 dropped 12h/1280 dropped 12h/1536 12h/1536",
                    "12h/1536 12h/1536 dropped 12h/1536 dropped 12h/1536",
                    "12h/1536 dropped dropped 12h/1536 12h/1536 12h/1536")) {
                Architecture architecture = Architecture.parse(shape);
                Graph repaired = bench.repaired(architecture);
                graphs.put(architecture, repaired);
                // The last is over budget, so it is no finalist however faithful.
                double measured = candidates.size() < 3 ? BUDGET_MS - 1 : BUDGET_MS + 1;
                candidates.add(new Candidate(architecture, measured, measured, bench.validate(repaired)));
            }
            Candidate first = candidates.get(0);
            Candidate twin = candidates.get(1);
            Candidate other = candidates.get(2);
            // Without the twin rule the twin, second by fidelity, would take half the first's training.
            assertThat(twin.fidelity().meanCosine())
                    .isLessThan(first.fidelity().meanCosine())
                    .isGreaterThan(other.fidelity().meanCosine());
            List<String> log = new ArrayList<>();

            ArchitectureSearch.Outcome outcome = new FinalistDistillation(
                            bench, MiniLmFixture.tokenizer(), split, Pooling.MEAN, 5, 96, log::add)
                    .distill(
                            new ArchitectureSearch.Outcome(candidates, first, graphs),
                            BUDGET_MS,
                            0.5,
                            Duration.ofSeconds(40));

            List<Candidate> after = outcome.candidates();
            assertThat(after).hasSize(4);
            assertThat(after.get(1).distilled()).isNull();
            assertThat(after.get(3).distilled()).isNull();
            List<Candidate> finalists = List.of(after.get(0), after.get(2));
            for (Candidate finalist : finalists) {
                assertThat(finalist.distilled()).isNotNull();
                assertThat(finalist.distilled().meanCosine())
                        .isGreaterThan(finalist.fidelity().meanCosine());
            }
            Candidate chosen = outcome.chosen();
            assertThat(chosen.distilled().meanCosine())
                    .isEqualTo(finalists.stream()
                            .mapToDouble(c -> c.distilled().meanCosine())
                            .max()
                            .orElseThrow());
            assertThat(bench.validate(outcome.chosenGraph())).isEqualTo(chosen.distilled());
            assertThat(log).anyMatch(line -> line.startsWith("Distilled " + chosen.architecture()));
        }
    }
}
