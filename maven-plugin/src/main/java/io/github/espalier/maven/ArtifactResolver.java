package io.github.espalier.maven;

import java.nio.file.Path;
import org.apache.maven.plugin.MojoFailureException;

/** Finds the jar that Maven coordinates name, through the project's repositories. */
@FunctionalInterface
interface ArtifactResolver {
    Path resolve(String coordinates) throws MojoFailureException;
}
