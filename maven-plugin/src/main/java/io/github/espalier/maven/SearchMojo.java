package io.github.espalier.maven;

import io.github.espalier.compiler.CompilationException;
import io.github.espalier.compiler.search.LatencyBudget;
import io.github.espalier.compiler.search.ModelSearch;
import io.github.espalier.compiler.search.SearchRequest;
import io.github.espalier.compiler.search.SearchSettings;
import io.github.espalier.runtime.EspalierException;
import java.io.File;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;

/**
 * Finds the most faithful structurally pruned variant of the model that meets a latency budget on this
 * machine (or on the machine a given latency table was measured on), compiles it into the class as the
 * {@code compile} goal would, and writes an HTML and JSON report of every candidate. Use it instead of
 * {@code compile} for that class. Fails, naming the closest candidates, when nothing meets the budget.
 */
@Mojo(name = "search", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class SearchMojo extends CorpusMojo {
    /**
     * The latency one call may take for the budgeted shape: milliseconds ({@code 8} or {@code 8ms}), or a
     * share of the unpruned model's latency as the latency table predicts it ({@code 50%}).
     */
    @Parameter(property = "espalier.latencyBudget")
    private String latencyBudget;

    /** Texts per call in the budgeted shape. */
    @Parameter(property = "espalier.batchSize", defaultValue = "1")
    private int batchSize;

    /** Tokens per text in the budgeted shape. */
    @Parameter(property = "espalier.sequenceLength", defaultValue = "128")
    private int sequenceLength;

    /** The least mean cosine (against the original model, on validation text) a chosen variant may have. */
    @Parameter(property = "espalier.minFidelity", defaultValue = "0.9")
    private double minFidelity;

    /** How long the search may take, as an ISO-8601 duration ({@code PT10M}) or minutes and seconds ({@code 10m}). */
    @Parameter(property = "espalier.searchTime", defaultValue = "10m")
    private String searchTime;

    /** Texts that calibrate importance and the least-squares repair of every candidate. */
    @Parameter(property = "espalier.calibrationTexts", defaultValue = "128")
    private int calibrationTexts;

    /**
     * A latency table measured on the deployment machine with {@code LatencyProbe} (see docs/search.md):
     * the search then meets the budget there instead of on the build machine.
     */
    @Parameter(property = "espalier.latencyTable")
    private File latencyTable;

    /**
     * When set, the goal only writes the latency probe bundle (the model's timing variants and a manifest)
     * into this folder, to be timed on the deployment machine with the runtime jar alone; the table that
     * measures becomes {@code latencyTable}. See docs/search.md.
     */
    @Parameter(property = "espalier.probeBundle")
    private File probeBundle;

    /**
     * Whether the finalists are distilled against the original model within {@code searchTime} (40% of it and
     * what the search leaves), the best of them after distillation winning; the search then leaves out its
     * refinement moves, whose gains distillation evens out. See docs/distillation.md.
     */
    @Parameter(property = "espalier.distill", defaultValue = "true")
    private boolean distill;

    /** Where report.html and report.json go. */
    @Parameter(defaultValue = "${project.build.directory}/espalier-search")
    private File reportDirectory;

    @Inject
    public SearchMojo(RepositorySystem repositorySystem) {
        super(repositorySystem);
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping Espalier search (espalier.skip)");
            return;
        }
        ModelSearch search = new ModelSearch();
        SearchRequest request;
        try {
            request = request();
            if (probeBundle != null) {
                String command = search.writeProbeBundle(request, probeBundle.toPath());
                getLog().info("Wrote the latency probe bundle to " + probeBundle + "; copy it to the deployment"
                        + " machine and run there: " + command);
                return;
            }
        } catch (CompilationException | EspalierException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
        buildIncrementally(
                ".search.digest",
                () -> search.fingerprint(request),
                "Searching " + request.compile().modelFile().getFileName() + " for " + className + " under "
                        + request.budget(),
                className + " is up to date (search report in " + reportDirectory + ")",
                () -> search.search(request, getLog()::info).compiledFiles());
    }

    private SearchRequest request() throws MojoExecutionException, MojoFailureException {
        requirePositive("batchSize", batchSize);
        requirePositive("sequenceLength", sequenceLength);
        SearchRequest.TextCounts texts = textCounts(calibrationTexts);
        if (!(minFidelity >= 0 && minFidelity <= 1)) {
            throw new MojoFailureException("<minFidelity> is a mean cosine between 0 and 1, got " + minFidelity);
        }
        return new SearchRequest(
                compileRequest(),
                latencyBudget == null ? null : LatencyBudget.parse(latencyBudget),
                new SearchSettings(
                        Double.NaN,
                        batchSize,
                        sequenceLength,
                        threads,
                        minFidelity,
                        Durations.parse("searchTime", searchTime),
                        seed),
                calibrationFile(),
                latencyTable == null ? null : latencyTable.toPath(),
                texts,
                reportDirectory.toPath().resolve(className),
                buildDirectory().resolve("espalier"),
                distill,
                trainingTexts);
    }
}
