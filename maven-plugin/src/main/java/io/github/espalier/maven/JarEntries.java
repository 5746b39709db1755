package io.github.espalier.maven;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.maven.plugin.MojoFailureException;

/** Lists and extracts entries of a model jar, never writing outside the extraction folder. */
final class JarEntries {
    private final Path jar;

    JarEntries(Path jar) {
        this.jar = jar;
    }

    List<String> names() throws MojoFailureException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.stream()
                    .filter(e -> !e.isDirectory())
                    .map(ZipEntry::getName)
                    .toList();
        } catch (IOException e) {
            throw new MojoFailureException("Cannot read " + jar + " as a jar: " + e.getMessage(), e);
        }
    }

    /**
     * Extracts one entry under {@code folder}, skipping the copy when an earlier build left the same entry
     * (same size and time) there.
     *
     * @throws MojoFailureException when the entry's name would escape the folder ("zip slip")
     */
    Path extract(String entryName, Path folder) throws MojoFailureException {
        Path root = folder.toAbsolutePath().normalize();
        Path target = root.resolve(entryName).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new MojoFailureException("Refusing jar entry '" + entryName + "' of " + jar
                    + ": its path leaves the extraction folder " + root);
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(entryName);
            if (entry == null) {
                throw new MojoFailureException("No entry '" + entryName + "' in " + jar);
            }
            if (isSame(target, entry)) {
                return target;
            }
            Files.createDirectories(target.getParent());
            Path partial = Files.createTempFile(
                    target.getParent(), target.getFileName().toString(), ".part");
            try (InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.setLastModifiedTime(partial, entry.getLastModifiedTime());
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
            return target;
        } catch (IOException e) {
            throw new MojoFailureException("Cannot extract '" + entryName + "' from " + jar + ": " + e.getMessage(), e);
        }
    }

    private static boolean isSame(Path file, ZipEntry entry) throws IOException {
        FileTime time = entry.getLastModifiedTime();
        return Files.isRegularFile(file)
                && Files.size(file) == entry.getSize()
                && time != null
                && Files.getLastModifiedTime(file).toMillis() == time.toMillis();
    }
}
