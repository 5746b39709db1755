package io.github.espalier.compiler.onnx;

import static io.github.espalier.compiler.onnx.OnnxModels.FLOAT;
import static io.github.espalier.compiler.onnx.OnnxModels.model;
import static io.github.espalier.compiler.onnx.OnnxModels.node;
import static io.github.espalier.compiler.onnx.OnnxModels.value;
import static io.github.espalier.compiler.onnx.OnnxModels.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import io.github.espalier.compiler.CompilationException;
import io.github.espalier.compiler.ir.Graph;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalDataTest {
    private static final float[] WEIGHTS = {1.5f, -2f, 3.25f, 4f};

    @TempDir
    Path root;

    private Path modelFolder;
    private Path outside;

    @BeforeEach
    void writeDataFiles() throws IOException {
        modelFolder = Files.createDirectory(root.resolve("model"));
        // 8 bytes of padding before the tensor, as exporters align tensors in a shared data file.
        ByteBuffer bytes = ByteBuffer.allocate(8 + 4 * WEIGHTS.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(-1L);
        for (float w : WEIGHTS) {
            bytes.putFloat(w);
        }
        Files.write(modelFolder.resolve("weights.bin"), bytes.array());
        outside = Files.write(root.resolve("outside.bin"), bytes.array());
    }

    private Graph importWithExternal(String location, long offset) {
        return importWithExternal(location, offset, List.of(2L, 2L), "16");
    }

    private Graph importWithExternal(String location, long offset, List<Long> dims, String length) {
        OnnxMl.TensorProto.Builder weights = OnnxMl.TensorProto.newBuilder()
                .setName("w")
                .setDataType(FLOAT)
                .addAllDims(dims)
                .setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL)
                .addExternalData(entry("location", location))
                .addExternalData(entry("offset", Long.toString(offset)));
        if (length != null) {
            weights.addExternalData(entry("length", length));
        }
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .addInput(value("x", FLOAT, 2, 2))
                .addOutput(value("y", FLOAT, 2, 2))
                .addInitializer(weights)
                .addNode(node("MatMul", "mm", List.of("x", "w"), List.of("y")))
                .build();
        return OnnxImporter.importModel(write(modelFolder, model(graph)), Set.of("MatMul"));
    }

    private static OnnxMl.StringStringEntryProto entry(String key, String value) {
        return OnnxMl.StringStringEntryProto.newBuilder()
                .setKey(key)
                .setValue(value)
                .build();
    }

    @Test
    void readsTensorFromFileBesideTheModel() {
        Graph graph = importWithExternal("weights.bin", 8);

        assertThat(graph.initializers().get("w").toFloatArray()).containsExactly(WEIGHTS);
    }

    @Test
    void refusesParentDirectoryEscape() {
        assertThatThrownBy(() -> importWithExternal("../outside.bin", 8))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("tensor 'w'")
                .hasMessageContaining("../outside.bin")
                .hasMessageContaining("leaves the model's folder");
    }

    @Test
    void refusesAbsolutePath() {
        assertThatThrownBy(() -> importWithExternal(outside.toString(), 8))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("tensor 'w'")
                .hasMessageContaining(outside.toString())
                .hasMessageContaining("absolute path");
    }

    @Test
    void refusesSymlinkLeadingOutOfTheFolder() throws IOException {
        Files.createSymbolicLink(modelFolder.resolve("link.bin"), outside);

        assertThatThrownBy(() -> importWithExternal("link.bin", 8))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("tensor 'w'")
                .hasMessageContaining("link.bin")
                .hasMessageContaining("leads out of the model's folder");
    }

    @Test
    void refusesSymlinkedFolderLeadingOutOfTheFolder() throws IOException {
        Files.createSymbolicLink(modelFolder.resolve("data"), root);

        assertThatThrownBy(() -> importWithExternal("data/outside.bin", 8))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("data/outside.bin")
                .hasMessageContaining("leads out of the model's folder");
    }

    @Test
    void refusesLocationThatIsNoPath() {
        assertThatThrownBy(() -> importWithExternal("weights\u0000.bin", 8))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("tensor 'w'")
                .hasMessageContaining("not a valid path");
    }

    @Test
    void refusesRangeOutsideTheFile() {
        assertThatThrownBy(() -> importWithExternal("weights.bin", 20))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("tensor 'w'")
                .hasMessageContaining("weights.bin")
                .hasMessageContaining("offset 20");
    }

    @Test
    void missingDataFileIsNamed() {
        assertThatThrownBy(() -> importWithExternal("absent.bin", 0))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("tensor 'w'")
                .hasMessageContaining("absent.bin");
    }

    @Test
    void refusesLengthThatDisagreesWithShape() {
        assertThatThrownBy(() -> importWithExternal("weights.bin", 8, List.of(2L, 2L), "12"))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("tensor 'w'")
                .hasMessageContaining("length 12")
                .hasMessageContaining("16 bytes");
    }

    @Test
    void hugeDeclaredShapeFailsOnTheFileSizeBeforeAllocating() {
        // 2^30 floats would be 4 GiB on the heap; the 24-byte file is checked first.
        assertThatThrownBy(() -> importWithExternal("weights.bin", 0, List.of(1L << 15, 1L << 15), null))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("tensor 'w'")
                .hasMessageContaining("the file holds 24 bytes");
    }
}
