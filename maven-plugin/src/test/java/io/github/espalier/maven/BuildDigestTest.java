package io.github.espalier.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildDigestTest {
    @TempDir
    Path build;

    @Test
    void upToDateOnlyWithTheSameFingerprintAndEveryOutputPresent() throws Exception {
        Path source = Files.writeString(build.resolve("MiniLm.java"), "class MiniLm {}");
        Path artifact = Files.writeString(build.resolve("MiniLm.esp"), "esp");
        BuildDigest digest = new BuildDigest(build.resolve("espalier/com.example.MiniLm.digest"));
        assertThat(digest.isUpToDate("abc")).isFalse();

        digest.record("abc", List.of(source, artifact));

        assertThat(digest.isUpToDate("abc")).isTrue();
        assertThat(digest.isUpToDate("abd")).isFalse();
        Files.delete(artifact);
        assertThat(digest.isUpToDate("abc")).isFalse();
    }

    @Test
    void invalidateForgetsTheLastBuild() throws Exception {
        Path source = Files.writeString(build.resolve("MiniLm.java"), "class MiniLm {}");
        BuildDigest digest = new BuildDigest(build.resolve("espalier/com.example.MiniLm.digest"));
        digest.record("abc", List.of(source));

        digest.invalidate();

        assertThat(digest.isUpToDate("abc")).isFalse();
    }
}
