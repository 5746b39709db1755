package io.github.espalier.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingTest {
    @TempDir
    Path build;

    @Test
    void committedFilesLandInPlaceAndTheStagingFolderIsGone() throws IOException {
        Path source = build.resolve("generated-sources/espalier/com/example/MiniLm.java");
        Path resource = build.resolve("generated-resources/espalier/com/example/MiniLm.esp");

        try (Staging staging = Staging.near(source.getParent(), resource.getParent())) {
            Files.writeString(staging.file(source), "class MiniLm {}");
            Files.writeString(staging.file(resource), "artifact");
            assertThat(source).doesNotExist();
            staging.commit();
        }

        assertThat(source).hasContent("class MiniLm {}");
        assertThat(resource).hasContent("artifact");
        assertThat(files()).containsExactlyInAnyOrder(source, resource);
    }

    @Test
    void withoutCommitNothingRemains() throws IOException {
        Path source = build.resolve("generated-sources/espalier/com/example/MiniLm.java");
        Path resource = build.resolve("generated-resources/espalier/com/example/MiniLm.esp");

        try (Staging staging = Staging.near(source.getParent(), resource.getParent())) {
            Files.writeString(staging.file(source), "class MiniLm {}");
        }

        assertThat(files()).isEmpty();
    }

    @Test
    void aCommitReplacesTheOutputsOfAnEarlierBuild() throws IOException {
        Path source = Files.createDirectories(build.resolve("src")).resolve("MiniLm.java");
        Files.writeString(source, "old");

        try (Staging staging = Staging.near(source.getParent(), source.getParent())) {
            Files.writeString(staging.file(source), "new");
            staging.commit();
        }

        assertThat(source).hasContent("new");
        assertThat(files()).containsExactly(source);
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.walk(build)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
