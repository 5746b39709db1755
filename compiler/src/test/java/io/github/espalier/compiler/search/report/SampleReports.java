package io.github.espalier.compiler.search.report;

import io.github.espalier.compiler.search.Architecture;
import io.github.espalier.compiler.search.Candidate;
import io.github.espalier.compiler.search.Fidelity;
import io.github.espalier.compiler.search.LayerShape;
import io.github.espalier.compiler.search.SearchReport;
import io.github.espalier.compiler.search.SearchSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/** Search reports to render: small ones with round numbers to check, and a realistic one to look at. */
final class SampleReports {
    static final SearchSettings SETTINGS = new SearchSettings(30, 8, 128, 4, 0.95, Duration.ofMinutes(10), 42);
    static final Architecture BERT_BASE = Architecture.uniform(12, new LayerShape(12, 3072));
    static final Candidate ORIGINAL = new Candidate(BERT_BASE, 58, 60.0, new Fidelity(1, 1, 1));

    private SampleReports() {}

    static Architecture architecture(LayerShape... layers) {
        return new Architecture(List.of(layers));
    }

    /** A 12-layer shape: the first layers at {@code shape}, the rest dropped. */
    static Architecture keeping(int layers, LayerShape shape) {
        List<LayerShape> shapes = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            shapes.add(i < layers ? shape : LayerShape.DROPPED);
        }
        return new Architecture(shapes);
    }

    static SearchReport report(List<Candidate> candidates, Candidate chosen) {
        return new SearchReport(
                "sentence-transformers/all-MiniLM-L12-v2",
                "AMD EPYC 7B13, 4 threads, Temurin 25",
                SETTINGS,
                ORIGINAL,
                candidates,
                chosen,
                chosen == null ? null : new Fidelity(0.9712, 0.9104, 0.874),
                Duration.ofSeconds(187));
    }

    /**
     * About what a real search of BERT-base under 30 ms leaves: many candidates, half of them timed, two never
     * scored, and the most faithful that meets the budget and minimum fidelity chosen.
     */
    static SearchReport realistic() {
        Random random = new Random(7);
        List<Candidate> candidates = new ArrayList<>();
        for (int c = 0; c < 28; c++) {
            // How much of the model this candidate keeps, about: its layers scatter around it.
            double size = 0.25 + 0.75 * random.nextDouble();
            List<LayerShape> layers = new ArrayList<>();
            double predicted = 2;
            double kept = 0;
            for (int layer = 0; layer < 12; layer++) {
                if (layer >= 9 && size < 0.5 && random.nextBoolean()) {
                    layers.add(LayerShape.DROPPED);
                    continue;
                }
                int heads = Math.clamp(Math.round(12 * size + 1.5 * random.nextGaussian()), 1, 12);
                int blocks = Math.clamp(Math.round(12 * size + random.nextGaussian()), 1, 12);
                LayerShape shape = new LayerShape(heads, 256 * blocks);
                layers.add(shape);
                predicted += 0.15 * shape.heads() + 0.001 * shape.neurons();
                kept += 0.5 * shape.heads() / 12.0 + 0.5 * shape.neurons() / 3072.0;
            }
            double cosine = 1 - 0.08 * Math.pow(1 - kept / 12, 1.3) - 0.01 * random.nextDouble();
            Fidelity fidelity = c % 13 == 12 ? null : new Fidelity(cosine, 2 * cosine - 1.04, cosine - 0.07);
            Double measured = fidelity != null && c % 2 == 0 ? predicted * (0.93 + 0.16 * random.nextDouble()) : null;
            candidates.add(new Candidate(new Architecture(layers), predicted, measured, fidelity));
        }
        Candidate chosen = candidates.stream()
                .filter(candidate -> candidate.fidelity() != null)
                .filter(candidate -> candidate.latencyMs() <= SETTINGS.latencyBudgetMs())
                .filter(candidate -> candidate.fidelity().meanCosine() >= SETTINGS.minFidelity())
                .max(Comparator.comparingDouble(
                        candidate -> candidate.fidelity().meanCosine()))
                .orElseThrow();
        return report(candidates, chosen);
    }

    /** The realistic search asked for more than it could give: a budget faster than any candidate ran. */
    static SearchReport nothingWithinBudget() {
        SearchReport realistic = realistic();
        SearchSettings tight = new SearchSettings(
                12,
                SETTINGS.batchSize(),
                SETTINGS.sequenceLength(),
                SETTINGS.threads(),
                SETTINGS.minFidelity(),
                SETTINGS.searchTime(),
                SETTINGS.seed());
        return new SearchReport(
                realistic.modelName(),
                realistic.machine(),
                tight,
                realistic.original(),
                realistic.candidates(),
                null,
                null,
                realistic.elapsed());
    }
}
