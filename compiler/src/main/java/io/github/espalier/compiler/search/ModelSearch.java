package io.github.espalier.compiler.search;

import io.github.espalier.compiler.CompileRequest;
import io.github.espalier.compiler.Digests;
import io.github.espalier.compiler.ModelCompiler;
import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.onnx.OnnxImporter;
import io.github.espalier.compiler.passes.Optimizer;
import io.github.espalier.compiler.search.report.ReportFiles;
import io.github.espalier.compiler.search.report.SearchReportWriter;
import io.github.espalier.runtime.cpu.MachineDescription;
import io.github.espalier.runtime.tools.LatencyProbe;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The {@code search} goal's work: measure the latency model, search, report, and compile the chosen variant
 * with the same wrapper API as {@link ModelCompiler#compile(CompileRequest)}.
 */
public final class ModelSearch {
    /**
     * Share of the search time the search itself may take when the request distills: the finalists are
     * distilled in the rest, but for the held-out pass.
     */
    private static final double SEARCH_BEFORE_DISTILLING = 0.45;
    /**
     * Kept beyond the held-out pass's estimate, for the report and compiling the winner (about a second for
     * MiniLM). A fixed 15% of the search time kept for all three left 50-60 s of a 10-minute search unused.
     */
    private static final Duration RESERVE_MARGIN = Duration.ofSeconds(5);

    /** The report, and the compiled files (empty when no variant met the budget). */
    public record Result(SearchReport report, ReportFiles reportFiles, List<Path> compiledFiles) {}

    /**
     * Searches, writes the report, and compiles the chosen variant.
     *
     * @param log progress lines for the build log
     * @throws SearchException when no variant meets the budget and minimum fidelity (after the report is
     *     written), or the model cannot be searched
     */
    public Result search(SearchRequest request, Consumer<String> log) {
        long start = System.nanoTime();
        if (request.budget() == null) {
            throw new SearchException("The search needs a latencyBudget: milliseconds (e.g. 8ms) or a share of the"
                    + " unpruned model's latency (e.g. 50%)");
        }
        CompileRequest compile = request.compile();
        SearchSettings settings = request.settings();
        SearchRequest.TextCounts counts = request.texts();
        PreparedModel model = PreparedModel.of(compile, request.calibration(), counts, settings.seed(), "search");
        Graph fused = model.fused();
        TextCorpus.Split split = model.split();
        log.accept("Calibrating on " + counts.calibration() + " texts, scoring on " + counts.validation()
                + " validation texts and " + counts.heldOut() + " held-out texts");
        try (Workbench bench =
                new Workbench(fused, model.tokenizer(), split, model.output(), compile.pooling(), settings.threads())) {
            EncoderShape shape = shape(fused);
            LatencyGrid grid = LatencyGrid.standard(shape);
            LatencyProfiler profiler = new LatencyProfiler(TimingVariants.of(fused), settings);
            LatencyKey key = LatencyKey.of(settings, Digests.sha256(compile.modelFile()), grid);
            LatencyTable table = request.latencyTable() != null
                    ? LatencyTables.readGiven(request.latencyTable(), key)
                    : LatencyTables.loadOrMeasure(request.cacheDirectory().resolve("latency-table.json"), key, () -> {
                        log.accept("Timing " + grid.variants().size()
                                + " variants for the latency table (cached for the next build)");
                        return profiler.measure(grid);
                    });
            // A share is taken of the table's figure, fitted to all its timings, not of one timing, which
            // drifts by a third on a shared machine (measured here: 16.6 ms against the table's 11.2 ms).
            double predictedOriginalMs = table.predictMs(bench.original());
            double originalMs = profiler.measureMs(bench.original());
            double budgetMs = request.budget().milliseconds(predictedOriginalMs);
            log.accept(String.format(
                    Locale.ROOT,
                    "Budget %.2f ms (%s) for batch %d x %d tokens on %d threads; the unpruned model takes %.2f ms by"
                            + " the latency table (%.2f ms timed now)",
                    budgetMs,
                    request.budget(),
                    settings.batchSize(),
                    settings.sequenceLength(),
                    settings.threads(),
                    predictedOriginalMs,
                    originalMs));
            Duration reserve = bench.heldOutTime(counts.heldOut()).plus(RESERVE_MARGIN);
            Duration untilHeldOut = settings.searchTime().minus(reserve);
            log.accept("Keeping the last " + reserve.toSeconds() + " s of the "
                    + settings.searchTime().toSeconds() + " s search time for scoring the winner on held-out text");
            Duration untilDistilling = request.distill()
                    ? settings.searchTime()
                            .multipliedBy(Math.round(SEARCH_BEFORE_DISTILLING * 1000))
                            .dividedBy(1000)
                    : untilHeldOut;
            ArchitectureSearch.Outcome outcome = new ArchitectureSearch(
                            bench,
                            table::predictMs,
                            variant -> profiler.measureRelativeMs(variant, bench.original(), predictedOriginalMs),
                            budgetMs,
                            settings.minFidelity(),
                            !request.distill(),
                            timeLeft(untilDistilling, start),
                            settings.seed(),
                            System::nanoTime,
                            log)
                    .run();
            if (request.distill() && outcome.chosen() != null) {
                outcome = new FinalistDistillation(
                                bench,
                                model.tokenizer(),
                                split,
                                compile.pooling(),
                                settings.seed(),
                                request.trainingTexts(),
                                log)
                        .distill(outcome, budgetMs, settings.minFidelity(), timeLeft(untilHeldOut, start));
            }
            Fidelity heldOut = null;
            if (outcome.chosen() != null) {
                heldOut = bench.heldOut(split.heldOut(), outcome.chosenGraph());
                log.accept(String.format(
                        Locale.ROOT,
                        "Held-out fidelity of %s on %d texts: mean cosine %.4f, 5th percentile %.4f, recall@10 %.3f",
                        outcome.chosen().architecture(),
                        counts.heldOut(),
                        heldOut.meanCosine(),
                        heldOut.p5Cosine(),
                        heldOut.recallAt10()));
            }
            SearchReport report = new SearchReport(
                    compile.modelFile().getFileName().toString().replaceFirst("\\.onnx$", ""),
                    MachineDescription.detect().fields().entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining(", ")),
                    new SearchSettings(
                            budgetMs,
                            settings.batchSize(),
                            settings.sequenceLength(),
                            settings.threads(),
                            settings.minFidelity(),
                            settings.searchTime(),
                            settings.seed()),
                    new Candidate(bench.original(), predictedOriginalMs, originalMs, new Fidelity(1, 1, 1)),
                    outcome.candidates(),
                    outcome.chosen(),
                    heldOut,
                    Duration.ofNanos(System.nanoTime() - start));
            ReportFiles reportFiles = writeReport(report, request.reportDirectory());
            log.accept("Search report: " + reportFiles.html().toUri());
            if (outcome.chosen() == null) {
                throw new SearchException(noVariant(report, budgetMs));
            }
            Graph chosen = outcome.chosenGraph();
            List<Path> compiled = new ModelCompiler()
                    .compile(compile, new ModelCompiler.Variant(describe(outcome.chosen(), shape), fused2 -> chosen));
            return new Result(report, reportFiles, compiled);
        }
    }

    /**
     * What decides whether an earlier search's output can be kept: the compilation's own fingerprint, every
     * search setting, and the calibration text and latency table files.
     */
    public String fingerprint(SearchRequest request) {
        SearchSettings settings = request.settings();
        SearchRequest.TextCounts texts = request.texts();
        Digests.Builder digest = Digests.builder()
                .add("compile", new ModelCompiler().fingerprint(request.compile()))
                .add("budget", request.budget().toString())
                .add(
                        "settings",
                        List.of(
                                        settings.batchSize(),
                                        settings.sequenceLength(),
                                        settings.threads(),
                                        settings.minFidelity(),
                                        settings.searchTime(),
                                        settings.seed())
                                .toString())
                .add("texts", texts.toString())
                .add("distill", Boolean.toString(request.distill()))
                .add("trainingTexts", Integer.toString(request.trainingTexts()))
                .add(
                        "report",
                        request.reportDirectory().toAbsolutePath().normalize().toString());
        if (request.calibration() != null) {
            digest.addFile("calibration", request.calibration());
        }
        if (request.latencyTable() != null) {
            digest.addFile("latencyTable", request.latencyTable());
        }
        return digest.hex();
    }

    /** What is left of {@code until}, counted from {@code start}; never negative. */
    private static Duration timeLeft(Duration until, long start) {
        Duration left = until.minus(Duration.ofNanos(System.nanoTime() - start));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static ReportFiles writeReport(SearchReport report, Path directory) {
        try {
            return SearchReportWriter.write(report, directory);
        } catch (IOException e) {
            throw new SearchException("Cannot write the search report into " + directory.toAbsolutePath() + ": "
                    + e.getMessage() + "; check that the folder is writable");
        }
    }

    /**
     * Writes the grid variants of the request's model for {@code LatencyProbe}, which measures the latency
     * table on the deployment machine with only the runtime jar; the search then takes that table as its
     * {@code latencyTable}.
     *
     * @return the command to run there
     */
    public String writeProbeBundle(SearchRequest request, Path folder) {
        Path model = request.compile().modelFile();
        Graph fused = Optimizer.fusing().optimize(OnnxImporter.importModel(model));
        EncoderShape shape = shape(fused);
        LatencyKey key = LatencyKey.of(request.settings(), Digests.sha256(model), LatencyGrid.standard(shape));
        try {
            ProbeBundle.write(folder, key, TimingVariants.of(fused));
        } catch (IOException e) {
            throw new SearchException("Cannot write the latency probe bundle into " + folder.toAbsolutePath() + ": "
                    + e.getMessage() + "; check that the folder is writable");
        }
        return LatencyProbe.COMMAND;
    }

    private static EncoderShape shape(Graph fused) {
        List<EncoderLayer> layers = EncoderLayers.find(fused);
        EncoderLayer first = layers.getFirst();
        if (layers.stream().anyMatch(l -> l.heads() != first.heads() || l.neurons() != first.neurons())) {
            throw new SearchException("The search needs every encoder layer to have the same number of heads and"
                    + " neurons; this model's layers differ");
        }
        return new EncoderShape(layers.size(), first.heads(), first.neurons());
    }

    /** What {@code info().variant()} says: e.g. "5 of 6 layers: 12h/768 dropped … (each 12h/1536 before)". */
    static String describe(Candidate chosen, EncoderShape shape) {
        Architecture architecture = chosen.architecture();
        return architecture.keptLayers() + " of " + shape.layers() + " layers: " + architecture + " (each "
                + shape.fullLayer() + " before), "
                + (chosen.distilled() != null ? "searched and distilled" : "searched")
                + " by Espalier";
    }

    private static String noVariant(SearchReport report, double budgetMs) {
        String closest = report.candidates().stream()
                .sorted(Comparator.comparingDouble(Candidate::latencyMs))
                .limit(3)
                .map(c -> String.format(
                        Locale.ROOT,
                        "%s: %.2f ms %s, mean cosine %.4f",
                        c.architecture(),
                        c.latencyMs(),
                        c.measuredMs() == null ? "predicted" : "measured",
                        c.fidelity().meanCosine()))
                .collect(Collectors.joining("; "));
        return String.format(
                Locale.ROOT,
                "No variant meets the budget of %.2f ms with mean cosine >= %.3f. Closest: %s. Raise latencyBudget,"
                        + " lower minFidelity, or give the search more searchTime; the report lists every candidate",
                budgetMs,
                report.settings().minFidelity(),
                closest.isEmpty() ? "none could be built" : closest);
    }
}
