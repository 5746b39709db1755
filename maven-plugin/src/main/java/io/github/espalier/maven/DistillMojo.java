package io.github.espalier.maven;

import io.github.espalier.compiler.distill.DistillRequest;
import io.github.espalier.compiler.distill.ModelDistillation;
import io.github.espalier.compiler.search.Architecture;
import io.github.espalier.compiler.search.SearchRequest;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;

/**
 * Prunes the model to the given architecture, repairs it by least squares as the {@code search} goal does,
 * then distills it against the original model (the teacher) for the given time on the built-in or the given
 * text, logs its held-out fidelity before and after training, and compiles the student into the class with
 * the same wrapper API as the {@code compile} goal. Use it instead of {@code compile} for that class. See
 * docs/distillation.md.
 */
@Mojo(name = "distill", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class DistillMojo extends CorpusMojo {
    /** What {@code <architecture>} looks like: MiniLM's six layers with the second and fourth dropped. */
    static final String EXAMPLE_ARCHITECTURE = "12h/1536 dropped 12h/1536 dropped 12h/1536 12h/1536";

    /**
     * What the student keeps of each layer, in order, separated by spaces: attention heads and feed-forward
     * neurons ({@code 12h/1536}), or {@code dropped}. For MiniLM's six layers with the second and fourth
     * dropped: {@code 12h/1536 dropped 12h/1536 dropped 12h/1536 12h/1536}. The search report writes its
     * candidates' architectures in this form.
     */
    @Parameter(property = "espalier.architecture", required = true)
    private String architecture;

    /**
     * How long training may take, the original model's pass over the training text excluded: an ISO-8601
     * duration ({@code PT5M}) or minutes and seconds ({@code 5m}, {@code 90s}).
     */
    @Parameter(property = "espalier.trainingTime", defaultValue = "5m")
    private String trainingTime;

    /**
     * Texts that calibrate importance and the least-squares repair the student starts from. The repair runs
     * once here, so the default is eight times the {@code search} goal's, which repairs every candidate: it
     * starts MiniLM's 4-of-6-layer student closer to the original (docs/distillation.md). Each 128 texts
     * keep about 0.13 GB of the original's hidden states while the goal runs.
     */
    @Parameter(property = "espalier.calibrationTexts", defaultValue = "1024")
    private int calibrationTexts;

    @Inject
    public DistillMojo(RepositorySystem repositorySystem) {
        super(repositorySystem);
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping Espalier distillation (espalier.skip)");
            return;
        }
        DistillRequest request = request();
        buildIncrementally(
                ".distill.digest",
                () -> DistillFingerprint.of(request),
                "Distilling " + request.compile().modelFile().getFileName() + " into " + className + " as "
                        + request.architecture() + " for "
                        + request.trainingTime().toSeconds() + " s",
                className + " is up to date",
                () -> new ModelDistillation().distill(request, getLog()::info).compiledFiles());
    }

    private DistillRequest request() throws MojoExecutionException, MojoFailureException {
        SearchRequest.TextCounts texts = textCounts(calibrationTexts);
        return new DistillRequest(
                compileRequest(),
                architecture(architecture),
                Durations.parse("trainingTime", trainingTime),
                threads,
                seed,
                calibrationFile(),
                texts,
                trainingTexts);
    }

    /** Reads {@code <architecture>}, naming the parameter and an example when it is not one. */
    static Architecture architecture(String text) throws MojoFailureException {
        if (text == null || text.isBlank()) {
            throw new MojoFailureException(
                    "<architecture> is empty: give what each layer keeps, in order, e.g. " + EXAMPLE_ARCHITECTURE);
        }
        try {
            return Architecture.parse(text);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(
                    "<architecture> '" + text.strip() + "' is not an architecture: " + e.getMessage()
                            + ". Give what each layer keeps, in order: heads/neurons or dropped, e.g. "
                            + EXAMPLE_ARCHITECTURE,
                    e);
        }
    }
}
