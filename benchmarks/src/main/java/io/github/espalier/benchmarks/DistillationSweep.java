package io.github.espalier.benchmarks;

import io.github.espalier.compiler.CompileRequest;
import io.github.espalier.compiler.distill.DistillRequest;
import io.github.espalier.compiler.distill.Distillation;
import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.search.Architecture;
import io.github.espalier.compiler.search.Fidelity;
import io.github.espalier.compiler.search.PreparedModel;
import io.github.espalier.compiler.search.Workbench;
import io.github.espalier.runtime.model.Pooling;
import io.github.espalier.runtime.model.TokenBatch;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Distillation's settings side by side: one repaired student, trained from the same start for the same time
 * with each batch size and learning rate, scored on the same held-out text. What docs/distillation.md's sweep
 * table comes from.
 */
final class DistillationSweep {
    /**
     * One setting: texts per step, peak learning rate and, optionally, the hidden-state error's weight, written
     * {@code texts:rate[:hidden]}.
     */
    record Setting(int textsPerStep, double learningRate, double hiddenWeight) {
        static Setting parse(String text) {
            String[] parts = text.split(":");
            return new Setting(
                    Integer.parseInt(parts[0]),
                    Double.parseDouble(parts[1]),
                    parts.length > 2 ? Double.parseDouble(parts[2]) : Distillation.Settings.DEFAULT.hiddenWeight());
        }
    }

    private DistillationSweep() {}

    static String run(
            CompileRequest compile,
            Architecture architecture,
            List<Setting> settings,
            Duration time,
            int trainingTexts,
            int threads) {
        PreparedModel model = PreparedModel.of(compile, null, DistillRequest.DEFAULT_TEXTS, 42, "benchmark");
        StringBuilder table = new StringBuilder(String.format(
                Locale.ROOT,
                "%n### Settings sweep: %s, %s of training each, %d training texts, %d threads%n%n"
                        + "| texts per step | learning rate | hidden weight | steps | mean cosine | 5th percentile"
                        + " | recall@10 |%n|---|---|---|---|---|---|---|%n",
                architecture,
                time,
                trainingTexts,
                threads));
        try (Workbench bench =
                new Workbench(model.fused(), model.tokenizer(), model.split(), model.output(), Pooling.MEAN, threads)) {
            Graph repaired = bench.repaired(architecture);
            table.append(
                    row("repair only", "", "", "", bench.heldOut(model.split().heldOut(), repaired)));
            // The teacher's pass over the training text depends only on the batching: one per batch size.
            Map<Integer, Distillation> byBatchSize = new HashMap<>();
            for (Setting setting : settings) {
                Distillation distillation = byBatchSize.computeIfAbsent(
                        setting.textsPerStep(),
                        texts -> new Distillation(
                                bench.fused,
                                bench.layers,
                                TokenBatch.of(model.tokenizer(), model.split().training(trainingTexts), texts),
                                Pooling.MEAN,
                                bench.pool(),
                                System::nanoTime));
                Distillation.Outcome trained = distillation.distill(
                        repaired,
                        time,
                        Distillation.Settings.DEFAULT
                                .withSeed(42)
                                .withLearningRate(setting.learningRate())
                                .withHiddenWeight(setting.hiddenWeight()),
                        line -> {});
                table.append(row(
                        String.valueOf(setting.textsPerStep()),
                        String.valueOf(setting.learningRate()),
                        String.valueOf(setting.hiddenWeight()),
                        String.valueOf(trained.steps()),
                        bench.heldOut(model.split().heldOut(), trained.graph())));
                System.out.print(table);
            }
        }
        return table.toString();
    }

    private static String row(String texts, String rate, String hiddenWeight, String steps, Fidelity fidelity) {
        return String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %.4f | %.4f | %.3f |%n",
                texts,
                rate,
                hiddenWeight,
                steps,
                fidelity.meanCosine(),
                fidelity.p5Cosine(),
                fidelity.recallAt10());
    }
}
