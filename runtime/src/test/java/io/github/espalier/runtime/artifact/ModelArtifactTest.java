package io.github.espalier.runtime.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.program.Instruction;
import io.github.espalier.runtime.program.Program;
import io.github.espalier.runtime.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArtifactTest {
    @TempDir
    Path folder;

    @Test
    void mappedFileRoundTripsEverything() throws IOException {
        Path file = folder.resolve("model.espalier");
        SamplePrograms.writer().writeTo(file);
        try (ModelArtifact artifact = ModelArtifact.open(file)) {
            assertRoundTrip(artifact);
        }
    }

    @Test
    void streamRoundTripsEverything() throws IOException {
        Path file = folder.resolve("model.espalier");
        SamplePrograms.writer().writeTo(file);
        try (ModelArtifact artifact =
                ModelArtifact.read(new ByteArrayInputStream(Files.readAllBytes(file)), "jar:model.espalier")) {
            assertRoundTrip(artifact);
            assertThat(artifact.source()).isEqualTo("jar:model.espalier");
        }
    }

    @Test
    void mappedTensorDataIs64ByteAlignedAndNotCopied() throws IOException {
        Path file = folder.resolve("model.espalier");
        SamplePrograms.writer().writeTo(file);
        try (ModelArtifact artifact = ModelArtifact.open(file)) {
            for (Tensor tensor : artifact.tensors().values()) {
                assertThat(tensor.data().isNative()).isTrue();
                assertThat(tensor.data().isMapped()).isTrue();
                assertThat(tensor.data().address() % 64).isZero();
            }
        }
    }

    @Test
    void streamedTensorDataIs64ByteAligned() throws IOException {
        Path file = folder.resolve("model.espalier");
        SamplePrograms.writer().writeTo(file);
        try (ModelArtifact artifact = ModelArtifact.read(Files.newInputStream(file), "stream")) {
            for (Tensor tensor : artifact.tensors().values()) {
                assertThat(tensor.data().isNative()).isTrue();
                assertThat(tensor.data().address() % 64).isZero();
            }
        }
    }

    @Test
    void tensorsAreStoredLittleEndianAtTheOffsetsOfTheSectionTable() throws IOException {
        Path file = folder.resolve("model.espalier");
        new ArtifactWriter()
                .program(new Program(List.of(), List.of(), List.of(), List.of()))
                .tensor("x", Tensor.ofInts(new int[] {0x01020304}, 1))
                .writeTo(file);
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(bytes.array(), 0, 8, StandardCharsets.US_ASCII)).isEqualTo("ESPALIER");
        assertThat(bytes.getInt(8)).isEqualTo(1);
        assertThat(bytes.getLong(16)).isEqualTo(bytes.capacity());
        assertThat(bytes.capacity() % 64).isZero();
        // The last table entry is the tensor: name, kind, offset, length, dtype, rank, dims.
        int entry = 64 + (int) bytes.getLong(32) - (4 + 1 + 1 + 8 + 8 + 4 + 4 + 8);
        assertThat(bytes.getInt(entry)).isEqualTo(1);
        assertThat((char) bytes.get(entry + 4)).isEqualTo('x');
        assertThat(bytes.get(entry + 5)).isEqualTo((byte) 1);
        long offset = bytes.getLong(entry + 6);
        assertThat(offset % 64).isZero();
        assertThat(bytes.getLong(entry + 14)).isEqualTo(4);
        assertThat(bytes.array()[(int) offset]).isEqualTo((byte) 0x04);
        assertThat(bytes.array()[(int) offset + 3]).isEqualTo((byte) 0x01);
    }

    @Test
    void minimalInstructionsAndTensorsLargerThanTheCopyBufferRoundTrip() throws IOException {
        Instruction empty = new Instruction("", "", List.of(), List.of(), Attributes.empty());
        float[] values = new float[300_000]; // 1.2 MB: spans several 1 MiB copy chunks
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5f - 7;
        }
        Path file = folder.resolve("model.espalier");
        new ArtifactWriter()
                .program(new Program(List.of(), List.of(), List.of("big"), List.of(empty, empty, empty)))
                .tensor("big", Tensor.ofFloats(values.clone(), 600, 500))
                .writeTo(file);
        try (ModelArtifact artifact = ModelArtifact.open(file)) {
            assertThat(artifact.program().instructions()).hasSize(3);
            assertThat(artifact.program().instructions().getFirst().inputs()).isEmpty();
            Tensor big = artifact.tensors().get("big");
            assertThat(big.shape()).containsExactly(600, 500);
            assertThat(Arrays.equals(big.toFloatArray(), values)).isTrue();
        }
    }

    private static void assertRoundTrip(ModelArtifact artifact) {
        assertThat(artifact.metadata())
                .containsExactly(Map.entry("model.name", "sample"), Map.entry("unicode", "Grüße ∞"));
        Program expected = SamplePrograms.program();
        Program actual = artifact.program();
        assertThat(actual.inputs()).isEqualTo(expected.inputs());
        assertThat(actual.outputs()).isEqualTo(expected.outputs());
        assertThat(actual.constants()).isEqualTo(expected.constants());
        assertThat(actual.instructions()).hasSameSizeAs(expected.instructions());
        for (int i = 0; i < expected.instructions().size(); i++) {
            Instruction want = expected.instructions().get(i);
            Instruction got = actual.instructions().get(i);
            assertThat(got.name()).isEqualTo(want.name());
            assertThat(got.op()).isEqualTo(want.op());
            assertThat(got.inputs()).isEqualTo(want.inputs());
            assertThat(got.outputs()).isEqualTo(want.outputs());
            assertAttributesEqual(got.attributes().asMap(), want.attributes().asMap());
        }

        Map<String, Tensor> tensors = artifact.tensors();
        assertThat(tensors.keySet())
                .containsExactlyElementsOf(SamplePrograms.constantsOfEveryType().keySet());
        SamplePrograms.constantsOfEveryType().forEach((name, want) -> assertTensorEquals(tensors.get(name), want));

        MemorySegment tokenizer = artifact.section("tokenizer").orElseThrow();
        assertThat(tokenizer.toArray(ValueLayout.JAVA_BYTE)).containsExactly(1, 2, 3, 4, 5);
        assertThat(artifact.section("empty").orElseThrow().byteSize()).isZero();
        assertThat(artifact.section("missing")).isEmpty();
        assertThat(artifact.section("espalier.program"))
                .as("format-internal sections are hidden")
                .isEmpty();
    }

    private static void assertAttributesEqual(Map<String, Object> got, Map<String, Object> want) {
        assertThat(got.keySet()).containsExactlyElementsOf(want.keySet());
        want.forEach((name, value) -> {
            Object actual = got.get(name);
            if (value instanceof Tensor tensor) {
                assertThat(actual).isInstanceOf(Tensor.class);
                assertTensorEquals((Tensor) actual, tensor);
            } else if (value instanceof float[] floats) {
                // Compare bits so NaN and -0 count too.
                assertThat(bits((float[]) actual)).as(name).containsExactly(bits(floats));
            } else {
                assertThat(actual).as(name).isEqualTo(value);
            }
        });
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    static void assertTensorEquals(Tensor actual, Tensor expected) {
        assertThat(actual.dtype()).isEqualTo(expected.dtype());
        assertThat(actual.shape()).containsExactly(expected.shape());
        assertThat(actual.data().toArray(ValueLayout.JAVA_BYTE))
                .containsExactly(expected.data().toArray(ValueLayout.JAVA_BYTE));
    }
}
