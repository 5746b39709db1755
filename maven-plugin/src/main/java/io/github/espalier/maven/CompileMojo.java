package io.github.espalier.maven;

import io.github.espalier.compiler.CompileRequest;
import io.github.espalier.compiler.ModelCompiler;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.eclipse.aether.RepositorySystem;

/**
 * Compiles an ONNX checkpoint into a typed Java class (a generated source) and its compiled artifact (a
 * classpath resource next to the class). Both are added to the project, so the class is compiled and
 * packaged with the project's own code. Unchanged inputs are detected by a digest and not recompiled.
 */
@Mojo(name = "compile", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class CompileMojo extends ModelMojo {
    @Inject
    public CompileMojo(RepositorySystem repositorySystem) {
        super(repositorySystem);
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping Espalier compilation (espalier.skip)");
            return;
        }
        CompileRequest request = compileRequest();
        ModelCompiler compiler = new ModelCompiler();
        buildIncrementally(
                ".digest",
                () -> compiler.fingerprint(request),
                "Compiling " + request.modelFile().getFileName() + " into " + className + " for " + targets,
                className + " is up to date",
                () -> compiler.compile(request));
    }
}
