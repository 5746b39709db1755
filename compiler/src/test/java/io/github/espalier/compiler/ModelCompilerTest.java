package io.github.espalier.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.espalier.runtime.model.Pooling;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCompilerTest {
    @TempDir
    Path build;

    private final ModelCompiler compiler = new ModelCompiler();

    @Test
    void missingModelIsNamedInTheMessage() {
        CompileRequest request = request(build.resolve("no-such-model.onnx"), "com.example.MiniLm", List.of("host"));

        assertThatThrownBy(() -> compiler.compile(request))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("Model file not found")
                .hasMessageContaining("no-such-model.onnx");
    }

    @Test
    void cudaTargetFailsBeforeAnyWork() throws IOException {
        CompileRequest request = request(garbageModel(), "com.example.MiniLm", List.of("cuda:sm_90"));

        assertThatThrownBy(() -> compiler.compile(request))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("CUDA target is not supported yet by this build");
        assertThat(filesUnder(build.resolve("target"))).isEmpty();
    }

    @Test
    void classNameMustBeAQualifiedJavaName() throws IOException {
        Path model = garbageModel();

        assertThatThrownBy(() -> compiler.compile(request(model, "com.example.2Fast", List.of())))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("not a valid fully qualified Java class name");
        assertThatThrownBy(() -> compiler.compile(request(model, "MiniLm", List.of())))
                .isInstanceOf(CompilationException.class)
                .hasMessageContaining("has no package");
    }

    @Test
    void aFailedCompilationLeavesNoFileBehind() throws IOException {
        CompileRequest request = request(garbageModel(), "com.example.MiniLm", List.of("host"));

        assertThat(catchThrowable(() -> compiler.compile(request))).isNotNull();

        assertThat(filesUnder(build.resolve("target"))).isEmpty();
    }

    @Test
    void fingerprintFollowsModelBytesAndParameters() throws IOException {
        Path model = garbageModel();
        CompileRequest request = request(model, "com.example.MiniLm", List.of("host"));
        String original = compiler.fingerprint(request);

        assertThat(compiler.fingerprint(request)).isEqualTo(original);
        assertThat(compiler.fingerprint(request(model, "com.example.Other", List.of("host"))))
                .isNotEqualTo(original);
        assertThat(compiler.fingerprint(request(model, "com.example.MiniLm", List.of("x86-64"))))
                .isNotEqualTo(original);
        Files.write(model, new byte[] {1, 2, 3, 5});
        assertThat(compiler.fingerprint(request)).isNotEqualTo(original);
    }

    private Path garbageModel() throws IOException {
        return Files.write(build.resolve("model.onnx"), new byte[] {1, 2, 3, 4});
    }

    private CompileRequest request(Path model, String className, List<String> targets) {
        return new CompileRequest(
                model,
                null,
                className,
                targets,
                Pooling.MEAN,
                true,
                256,
                build.resolve("target/generated-sources/espalier"),
                build.resolve("target/generated-resources/espalier"));
    }

    private static List<Path> filesUnder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
