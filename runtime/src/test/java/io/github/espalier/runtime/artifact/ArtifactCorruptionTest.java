package io.github.espalier.runtime.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.espalier.runtime.EspalierException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactCorruptionTest {
    @TempDir
    Path folder;

    private Path file;
    private byte[] good;

    @BeforeEach
    void writeGoodArtifact() throws IOException {
        file = folder.resolve("model.espalier");
        SamplePrograms.writer().writeTo(file);
        good = Files.readAllBytes(file);
    }

    @Test
    void flippedByteInTensorDataFailsTheChecksum() throws IOException {
        byte[] bad = good.clone();
        bad[bad.length - 70] ^= 0x01;
        Files.write(file, bad);
        assertThatThrownBy(() -> ModelArtifact.open(file))
                .isInstanceOf(EspalierException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("checksum")
                .hasMessageContaining("Rebuild");
    }

    @Test
    void everySingleByteFlipIsDetected() {
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= (byte) 0x5A;
            int at = i;
            assertThatThrownBy(() -> ModelArtifact.read(new ByteArrayInputStream(bad), "flipped"))
                    .as("flip at byte %d", at)
                    .isInstanceOf(EspalierException.class)
                    .hasMessageContaining("flipped")
                    .hasMessageContaining("Rebuild");
        }
    }

    @Test
    void truncatedFileIsRejected() throws IOException {
        Files.write(file, Arrays.copyOf(good, good.length - 1));
        assertThatThrownBy(() -> ModelArtifact.open(file))
                .isInstanceOf(EspalierException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("truncated");
    }

    @Test
    void truncatedStreamIsRejectedAtEveryLength() {
        for (int length : new int[] {0, 7, 63, 64, 65, good.length / 2, good.length - 1}) {
            assertThatThrownBy(() -> ModelArtifact.read(new ByteArrayInputStream(Arrays.copyOf(good, length)), "cut"))
                    .as("length %d", length)
                    .isInstanceOf(EspalierException.class)
                    .hasMessageContaining("cut")
                    .hasMessageContaining("truncated");
        }
    }

    @Test
    void trailingDataIsRejected() throws IOException {
        Files.write(file, Arrays.copyOf(good, good.length + 64));
        assertThatThrownBy(() -> ModelArtifact.open(file))
                .isInstanceOf(EspalierException.class)
                .hasMessageContaining("trailing data");
    }

    @Test
    void wrongMagicIsRejected() throws IOException {
        byte[] bad = good.clone();
        bad[0] = 'X';
        Files.write(file, bad);
        assertThatThrownBy(() -> ModelArtifact.open(file))
                .isInstanceOf(EspalierException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not an Espalier artifact");
    }

    @Test
    void futureVersionIsRejectedWithAnUpgradeHint() throws IOException {
        byte[] bad = good.clone();
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(8, ArtifactFormat.VERSION + 1);
        Files.write(file, bad);
        assertThatThrownBy(() -> ModelArtifact.open(file))
                .isInstanceOf(EspalierException.class)
                .hasMessageContaining("format version " + (ArtifactFormat.VERSION + 1))
                .hasMessageContaining("upgrade the Espalier runtime")
                .hasMessageContaining("Rebuild");
    }

    @Test
    void hugeDeclaredLengthsFailBeforeAllocating() {
        byte[] bad = good.clone();
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putLong(16, Long.MAX_VALUE);
        assertThatThrownBy(() -> ModelArtifact.read(new ByteArrayInputStream(bad), "huge"))
                .isInstanceOf(EspalierException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void missingFileSaysSo() {
        Path missing = folder.resolve("nope.espalier");
        assertThatThrownBy(() -> ModelArtifact.open(missing))
                .isInstanceOf(EspalierException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void closedArtifactRefusesTensorAccessAndClosesTwiceQuietly() {
        ModelArtifact artifact = ModelArtifact.open(file);
        artifact.close();
        artifact.close();
        assertThat(artifact.metadata()).containsKey("model.name");
        assertThatThrownBy(artifact::tensors)
                .isInstanceOf(EspalierException.class)
                .hasMessageContaining("closed");
    }
}
