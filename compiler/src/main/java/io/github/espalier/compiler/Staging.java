package io.github.espalier.compiler;

import io.github.espalier.runtime.artifact.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A private folder where outputs are written first; {@link #commit()} moves them into place, and
 * {@link #close()} deletes whatever is left, so a failed compilation leaves no partial output behind.
 */
final class Staging implements AutoCloseable {
    private final Path root;
    private final Map<Path, Path> destinations = new LinkedHashMap<>();

    private Staging(Path root) {
        this.root = root;
    }

    /** A staging folder in the deepest folder both outputs share, so the final moves stay on one file system. */
    static Staging near(Path first, Path second) throws IOException {
        Path base = commonAncestor(
                first.toAbsolutePath().normalize(), second.toAbsolutePath().normalize());
        Files.createDirectories(base);
        return new Staging(Files.createTempDirectory(base, ".espalier-staging-"));
    }

    /** Where to write the file that {@link #commit()} will move to {@code destination}. */
    Path file(Path destination) throws IOException {
        Path staged = root.resolve(Integer.toString(destinations.size())).resolve(destination.getFileName());
        Files.createDirectories(staged.getParent());
        destinations.put(staged, destination);
        return staged;
    }

    /** Moves every staged file into place; if one move fails, the files already moved are removed again. */
    void commit() throws IOException {
        List<Path> moved = new ArrayList<>();
        try {
            for (Map.Entry<Path, Path> entry : destinations.entrySet()) {
                Files.createDirectories(entry.getValue().getParent());
                AtomicFiles.move(entry.getKey(), entry.getValue());
                moved.add(entry.getValue());
            }
        } catch (IOException e) {
            for (Path file : moved) {
                Files.deleteIfExists(file);
            }
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static Path commonAncestor(Path first, Path second) {
        Path common = first;
        while (common != null && !second.startsWith(common)) {
            common = common.getParent();
        }
        // Outputs with nothing but the root in common: stage beside the first one instead.
        return common == null || common.getNameCount() == 0 ? first.getParent() : common;
    }
}
