package io.github.espalier.compiler.search;

import io.github.espalier.compiler.distill.Distillation;
import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.runtime.model.Pooling;
import io.github.espalier.runtime.model.TokenBatch;
import io.github.espalier.runtime.tokenizer.Tokenizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The search's last step: the most faithful finalists that measured within budget are distilled against the
 * original model, sharing the time left, and re-scored on validation text; the best of them after
 * distillation wins. A candidate that drops other layers may gain more here, so a second one is tried; a
 * near twin of the first (the same layers dropped) would gain about as much and only halve its training.
 */
final class FinalistDistillation {
    /** Finalists distilled at most: fewer, longer runs gain more than many short ones. */
    static final int FINALISTS = 2;

    private final Workbench bench;
    private final Tokenizer tokenizer;
    private final TextCorpus.Split split;
    private final Pooling pooling;
    private final long seed;
    private final int trainingTexts;
    private final Consumer<String> log;

    FinalistDistillation(
            Workbench bench,
            Tokenizer tokenizer,
            TextCorpus.Split split,
            Pooling pooling,
            long seed,
            int trainingTexts,
            Consumer<String> log) {
        this.bench = bench;
        this.tokenizer = tokenizer;
        this.split = split;
        this.pooling = pooling;
        this.seed = seed;
        this.trainingTexts = trainingTexts;
        this.log = log;
    }

    /**
     * The winner is the distilled finalist most faithful on validation text (the search's own choice is the
     * first finalist), or none if distillation left none at {@code minFidelity}.
     *
     * @param time for the teacher's pass over the training text and all training
     * @return the outcome with the finalists' distilled fidelity recorded and the winner's distilled graph
     */
    ArchitectureSearch.Outcome distill(
            ArchitectureSearch.Outcome outcome, double budgetMs, double minFidelity, Duration time) {
        long deadline = System.nanoTime() + time.toNanos();
        List<Candidate> finalists = finalists(outcome.candidates(), budgetMs);
        log.accept("Distilling " + finalists.size() + " finalist(s) in " + time.toSeconds() + " s: running the"
                + " original model over " + trainingTexts + " training texts");
        Distillation distillation = new Distillation(
                bench.fused,
                bench.layers,
                TokenBatch.of(tokenizer, split.training(trainingTexts), Distillation.TEXTS_PER_STEP),
                pooling,
                bench.pool(),
                System::nanoTime);
        List<Candidate> candidates = new ArrayList<>(outcome.candidates());
        Map<Architecture, Graph> graphs = new HashMap<>(outcome.graphs());
        Architecture chosen = null;
        double chosenFidelity = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < finalists.size(); i++) {
            Candidate finalist = finalists.get(i);
            Duration share = Duration.ofNanos((deadline - System.nanoTime()) / (finalists.size() - i));
            Distillation.Outcome trained = distillation.distill(
                    graphs.get(finalist.architecture()), share, Distillation.Settings.DEFAULT.withSeed(seed), log);
            Candidate distilled = finalist.withDistilled(bench.validate(trained.graph()));
            candidates.set(candidates.indexOf(finalist), distilled);
            graphs.put(finalist.architecture(), trained.graph());
            log.accept(String.format(
                    Locale.ROOT,
                    "Distilled %s for %d steps: mean cosine %.4f -> %.4f, recall@10 %.3f -> %.3f",
                    finalist.architecture(),
                    trained.steps(),
                    finalist.fidelity().meanCosine(),
                    distilled.distilled().meanCosine(),
                    finalist.fidelity().recallAt10(),
                    distilled.distilled().recallAt10()));
            double fidelity = distilled.distilled().meanCosine();
            if (fidelity > chosenFidelity) {
                chosen = distilled.architecture();
                chosenFidelity = fidelity;
            }
        }
        Architecture winner = chosenFidelity >= minFidelity ? chosen : null;
        return new ArchitectureSearch.Outcome(
                candidates,
                candidates.stream()
                        .filter(c -> c.architecture().equals(winner))
                        .findFirst()
                        .orElse(null),
                graphs);
    }

    /** The most faithful candidates measured within budget, no two dropping the same layers. */
    private static List<Candidate> finalists(List<Candidate> candidates, double budgetMs) {
        List<Candidate> ranked = candidates.stream()
                .filter(c -> c.measuredMs() != null && c.measuredMs() <= budgetMs)
                .sorted(Comparator.comparingDouble((Candidate c) -> c.fidelity().meanCosine())
                        .reversed())
                .toList();
        List<Candidate> finalists = new ArrayList<>();
        for (Candidate candidate : ranked) {
            if (finalists.size() == FINALISTS) {
                break;
            }
            if (finalists.stream().noneMatch(f -> f.architecture().dropsTheSameLayersAs(candidate.architecture()))) {
                finalists.add(candidate);
            }
        }
        return finalists;
    }
}
