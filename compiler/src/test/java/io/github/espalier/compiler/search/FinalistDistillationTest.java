package io.github.espalier.compiler.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.runtime.model.Pooling;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The search's last step on the real MiniLM: two finalists within budget are distilled, a third is not. */
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
                    "12h/1536 12h/1536 dropped 12h/1536 dropped 12h/1536",
                    "12h/1536 dropped dropped 12h/1536 12h/1536 12h/1536")) {
                Architecture architecture = Architecture.parse(shape);
                Graph repaired = bench.repaired(architecture);
                graphs.put(architecture, repaired);
                // The third is over budget, so it is no finalist however faithful.
                double measured = candidates.size() < 2 ? BUDGET_MS - 1 : BUDGET_MS + 1;
                candidates.add(new Candidate(architecture, measured, measured, bench.validate(repaired)));
            }
            Candidate searchChoice = candidates.subList(0, 2).stream()
                    .max(java.util.Comparator.comparingDouble(c -> c.fidelity().meanCosine()))
                    .orElseThrow();
            List<String> log = new ArrayList<>();

            ArchitectureSearch.Outcome outcome = new FinalistDistillation(
                            bench, MiniLmFixture.tokenizer(), split, Pooling.MEAN, 5, 96, log::add)
                    .distill(
                            new ArchitectureSearch.Outcome(candidates, searchChoice, graphs),
                            BUDGET_MS,
                            0.5,
                            Duration.ofSeconds(40));

            List<Candidate> after = outcome.candidates();
            assertThat(after).hasSize(3);
            assertThat(after.get(2).distilled()).isNull();
            for (Candidate finalist : after.subList(0, 2)) {
                assertThat(finalist.distilled()).isNotNull();
                assertThat(finalist.distilled().meanCosine())
                        .isGreaterThan(finalist.fidelity().meanCosine());
            }
            Candidate chosen = outcome.chosen();
            assertThat(chosen.distilled().meanCosine())
                    .isEqualTo(after.subList(0, 2).stream()
                            .mapToDouble(c -> c.distilled().meanCosine())
                            .max()
                            .orElseThrow());
            assertThat(bench.validate(outcome.chosenGraph())).isEqualTo(chosen.distilled());
            assertThat(log).anyMatch(line -> line.startsWith("Distilled " + chosen.architecture()));
        }
    }
}
