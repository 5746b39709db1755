package io.github.espalier.maven;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.maven.plugin.MojoFailureException;

/** Lists and extracts entries of a model jar, never writing outside the extraction folder. */
final class JarEntries {
    /**
     * Far above any model entry a build extracts (protobuf caps a single-file ONNX model at 2 GiB; a
     * tokenizer.json is a few MB): more means a zip bomb, so the copy stops before it fills the disk.
     */
    static final long MAX_ENTRY_BYTES = 2L << 30;

    private final Path jar;
    private final long maxEntryBytes;

    JarEntries(Path jar) {
        this(jar, MAX_ENTRY_BYTES);
    }

    JarEntries(Path jar, long maxEntryBytes) {
        this.jar = jar;
        this.maxEntryBytes = maxEntryBytes;
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
     * @throws MojoFailureException when the entry's name would escape the folder ("zip slip") or is no
     *     path, or when it inflates to more than the limit (a zip bomb)
     */
    Path extract(String entryName, Path folder) throws MojoFailureException {
        Path root = folder.toAbsolutePath().normalize();
        Path target;
        try {
            target = root.resolve(entryName).normalize();
        } catch (InvalidPathException e) {
            throw new MojoFailureException("Refusing jar entry '" + entryName.replace("\0", "\\0") + "' of " + jar
                    + ": its name is not a valid path (" + e.getReason() + ")");
        }
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
                copyAtMostLimit(in, partial, entryName);
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

    /** Counts the inflated bytes themselves: the sizes an entry declares may lie. */
    private void copyAtMostLimit(InputStream in, Path partial, String entryName)
            throws IOException, MojoFailureException {
        byte[] buffer = new byte[1 << 16];
        long copied = 0;
        try (OutputStream out = Files.newOutputStream(partial)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                copied += n;
                if (copied > maxEntryBytes) {
                    throw new MojoFailureException("Refusing jar entry '" + entryName + "' of " + jar
                            + ": it inflates to more than " + maxEntryBytes + " bytes, more than any model or"
                            + " tokenizer; the jar may be a zip bomb. Check the <model> setting");
                }
                out.write(buffer, 0, n);
            }
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
