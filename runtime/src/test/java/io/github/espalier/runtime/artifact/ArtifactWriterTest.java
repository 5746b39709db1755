package io.github.espalier.runtime.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.espalier.runtime.program.Program;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactWriterTest {
    @TempDir
    Path folder;

    @Test
    void successfulWriteLeavesOnlyTheTarget() throws IOException {
        Path file = folder.resolve("model.espalier");
        SamplePrograms.writer().writeTo(file);
        SamplePrograms.writer().metadata("model.name", "replaced").writeTo(file);
        assertThat(listFolder()).containsExactly(file);
        try (ModelArtifact artifact = ModelArtifact.open(file)) {
            assertThat(artifact.metadata()).containsEntry("model.name", "replaced");
        }
    }

    @Test
    void failedWriteRemovesItsTemporaryFile() throws IOException {
        Path occupied = folder.resolve("model.espalier");
        Files.createDirectories(occupied.resolve("child"));
        assertThatThrownBy(() -> SamplePrograms.writer().writeTo(occupied)).isInstanceOf(IOException.class);
        assertThat(listFolder()).containsExactly(occupied);
    }

    @Test
    void missingConstantTensorIsRefusedBeforeWriting() {
        ArtifactWriter writer = new ArtifactWriter()
                .program(new Program(List.of(), List.of(), List.of("w"), List.of()))
                .tensor("other", Tensor.ofFloats(new float[] {1}, 1));
        assertThatThrownBy(() -> writer.writeTo(folder.resolve("m.espalier")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'w'");
        assertThat(listFolder()).isEmpty();
    }

    /** Readers refuse such tensors as corrupt, so the writer refuses them first. */
    @Test
    void tensorOfARankReadersRefuseIsRefused() {
        long[] shape = new long[ArtifactWriter.MAX_RANK + 1];
        Arrays.fill(shape, 1);
        assertThatThrownBy(() -> new ArtifactWriter().tensor("deep", Tensor.allocate(DType.FLOAT, shape)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'deep'")
                .hasMessageContaining("rank 17");
    }

    @Test
    void reservedSectionNamesAreRefused() {
        assertThatThrownBy(() -> new ArtifactWriter().section("espalier.program", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private List<Path> listFolder() {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
