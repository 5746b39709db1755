package io.github.espalier.maven;

import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * Resolves model jars with Maven's own resolver, session and the project's remote repositories, so
 * mirrors, credentials and offline mode ({@code -o}) apply as for any dependency.
 */
final class MavenArtifactResolver implements ArtifactResolver {
    private final RepositorySystem system;
    private final RepositorySystemSession session;
    private final List<RemoteRepository> repositories;

    MavenArtifactResolver(
            RepositorySystem system, RepositorySystemSession session, List<RemoteRepository> repositories) {
        this.system = system;
        this.session = session;
        this.repositories = repositories;
    }

    @Override
    public Path resolve(String coordinates) throws MojoFailureException {
        String[] parts = coordinates.split(":");
        String classifier = parts.length > 3 ? parts[3] : "";
        Artifact artifact = new DefaultArtifact(parts[0], parts[1], classifier, "jar", parts[2]);
        try {
            return system.resolveArtifact(session, new ArtifactRequest(artifact, repositories, null))
                    .getArtifact()
                    .getFile()
                    .toPath();
        } catch (ArtifactResolutionException e) {
            throw new MojoFailureException(
                    "Cannot resolve model " + coordinates
                            + (session.isOffline()
                                    ? " in offline mode: it must already be in the local repository"
                                    : "")
                            + ": " + e.getMessage(),
                    e);
        }
    }
}
