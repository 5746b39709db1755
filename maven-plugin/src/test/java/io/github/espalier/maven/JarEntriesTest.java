package io.github.espalier.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile model jars: entries that inflate without bound, and names that are no path. */
class JarEntriesTest {
    private static final int LIMIT = 1 << 20;

    @TempDir
    Path folder;

    @Test
    void entryInflatingBeyondTheLimitIsRefusedAndLeavesNothing() throws IOException {
        // 8 MiB of zeros deflate to a few KiB: a small zip bomb against a 1 MiB limit.
        Path jar = jar("model.onnx", new byte[8 << 20]);
        Path target = folder.resolve("extracted");

        assertThatThrownBy(() -> new JarEntries(jar, LIMIT).extract("model.onnx", target))
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("'model.onnx'")
                .hasMessageContaining(jar.toString())
                .hasMessageContaining("zip bomb");
        try (var left = Files.list(target)) {
            assertThat(left).as("no partial file left behind").isEmpty();
        }
    }

    @Test
    void entryWithinTheLimitIsExtracted() throws Exception {
        Path jar = jar("model.onnx", new byte[LIMIT]);

        assertThat(new JarEntries(jar, LIMIT).extract("model.onnx", folder.resolve("extracted")))
                .hasSize(LIMIT);
    }

    @Test
    void entryNameThatIsNoPathIsRefused() throws IOException {
        String name = "model\u0000.onnx";
        Path jar = jar(name, new byte[] {1});

        assertThatThrownBy(() -> new JarEntries(jar).extract(name, folder.resolve("extracted")))
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("not a valid path");
    }

    private Path jar(String entry, byte[] content) throws IOException {
        Path jar = folder.resolve("model.jar");
        try (OutputStream file = Files.newOutputStream(jar);
                ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content);
            zip.closeEntry();
        }
        return jar;
    }
}
