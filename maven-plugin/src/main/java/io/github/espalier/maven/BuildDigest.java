package io.github.espalier.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the last successful compilation of one class was made from (a fingerprint) and what it wrote.
 * The outputs are up to date when the fingerprint is unchanged and every output still exists.
 */
final class BuildDigest {
    private final Path file;

    BuildDigest(Path file) {
        this.file = file;
    }

    boolean isUpToDate(String fingerprint) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        List<String> lines = Files.readAllLines(file);
        return !lines.isEmpty()
                && lines.getFirst().equals(fingerprint)
                && lines.size() > 1
                && lines.subList(1, lines.size()).stream().map(Path::of).allMatch(Files::isRegularFile);
    }

    /** Forgets the last build first, so a failed compilation is never mistaken for a finished one. */
    void invalidate() throws IOException {
        Files.deleteIfExists(file);
    }

    void record(String fingerprint, List<Path> outputs) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(fingerprint);
        outputs.forEach(output -> lines.add(output.toAbsolutePath().toString()));
        Files.createDirectories(file.getParent());
        Files.write(file, lines);
    }
}
