package io.github.espalier.compiler.distill;

import io.github.espalier.compiler.ModelCompiler;
import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.search.Architecture;
import io.github.espalier.compiler.search.Fidelity;
import io.github.espalier.compiler.search.PreparedModel;
import io.github.espalier.compiler.search.Workbench;
import io.github.espalier.runtime.model.TokenBatch;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The {@code distill} goal's work: prune the model to the requested architecture, repair it by least
 * squares as the search does, distill it against the original for the time given, report held-out fidelity
 * before and after, and compile it with the same wrapper API as {@link ModelCompiler}.
 */
public final class ModelDistillation {
    /** The compiled files, and held-out fidelity of the repaired student before and after training. */
    public record Result(List<Path> compiledFiles, Fidelity before, Fidelity after, Distillation.Outcome training) {}

    /**
     * @param log progress lines for the build log
     * @throws DistillationException when the model or architecture cannot be distilled
     */
    public Result distill(DistillRequest request, Consumer<String> log) {
        PreparedModel model =
                PreparedModel.of(request.compile(), request.calibration(), request.texts(), request.seed(), "distill");
        List<String> heldOut = model.split().heldOut();
        try (Workbench bench = new Workbench(
                model.fused(),
                model.tokenizer(),
                model.split(),
                model.output(),
                request.compile().pooling(),
                request.threads())) {
            Architecture architecture = request.architecture();
            if (architecture.layers().size() != bench.layers.size()) {
                throw new DistillationException("The architecture '" + architecture + "' gives "
                        + architecture.layers().size() + " layers but the model has " + bench.layers.size()
                        + "; give one shape per layer, e.g. " + bench.original());
            }
            Graph repaired = bench.repaired(architecture);
            Fidelity before = bench.heldOut(heldOut, repaired);
            log.accept(describe("Repaired by least squares", architecture, before));
            List<String> training = model.split().training(request.trainingTexts());
            log.accept("Running the original model over " + training.size() + " training texts");
            Distillation distillation = new Distillation(
                    bench.fused,
                    bench.layers,
                    TokenBatch.of(model.tokenizer(), training, Distillation.TEXTS_PER_STEP),
                    request.compile().pooling(),
                    bench.pool(),
                    System::nanoTime);
            log.accept(String.format(
                    Locale.ROOT, "Kept its hidden states for training: %.0f MB", distillation.teacherBytes() / 1e6));
            Distillation.Outcome outcome = distillation.distill(
                    repaired, request.trainingTime(), Distillation.Settings.DEFAULT.withSeed(request.seed()), log);
            log.accept(String.format(
                    Locale.ROOT,
                    "Trained %d steps in %.0f s (%.0f tokens/s), mean loss %.4f -> %.4f (first and last tenth of the steps)",
                    outcome.steps(),
                    outcome.seconds(),
                    outcome.tokensPerSecond(),
                    outcome.firstLoss(),
                    outcome.lastLoss()));
            Fidelity after = bench.heldOut(heldOut, outcome.graph());
            log.accept(describe("Distilled", architecture, after));
            String description = architecture.keptLayers() + " of "
                    + architecture.layers().size() + " layers: "
                    + architecture + " (each " + bench.original().layers().getFirst() + " before), distilled by"
                    + " Espalier for " + request.trainingTime().toSeconds() + " s";
            List<Path> compiled = new ModelCompiler()
                    .compile(request.compile(), new ModelCompiler.Variant(description, fused -> outcome.graph()));
            return new Result(compiled, before, after, outcome);
        }
    }

    private static String describe(String what, Architecture architecture, Fidelity fidelity) {
        return String.format(
                Locale.ROOT,
                "%s, %s keeps on held-out text: mean cosine %.4f, 5th percentile %.4f, recall@10 %.3f",
                what,
                architecture,
                fidelity.meanCosine(),
                fidelity.p5Cosine(),
                fidelity.recallAt10());
    }
}
