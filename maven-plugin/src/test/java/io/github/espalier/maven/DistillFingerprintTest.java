package io.github.espalier.maven;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.compiler.CompileRequest;
import io.github.espalier.compiler.distill.DistillRequest;
import io.github.espalier.compiler.search.Architecture;
import io.github.espalier.compiler.search.SearchRequest.TextCounts;
import io.github.espalier.runtime.model.Pooling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistillFingerprintTest {
    private static final Architecture ARCHITECTURE = Architecture.parse("12h/1536 dropped");
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
    private static final TextCounts TEXTS = new TextCounts(128, 300, 2000);

    @TempDir
    Path folder;

    @Test
    void changesWithEverySettingAndTheCalibrationText() throws Exception {
        Path calibration = Files.writeString(folder.resolve("texts.txt"), "one\ntwo\n");
        CompileRequest compile = compileRequest();
        String fingerprint = DistillFingerprint.of(
                new DistillRequest(compile, ARCHITECTURE, FIVE_MINUTES, 2, 42, calibration, TEXTS, 2048));

        assertThat(DistillFingerprint.of(
                        new DistillRequest(compile, ARCHITECTURE, FIVE_MINUTES, 2, 42, calibration, TEXTS, 2048)))
                .isEqualTo(fingerprint);
        List<DistillRequest> changed = List.of(
                new DistillRequest(
                        compile,
                        Architecture.parse("12h/1536 12h/1536"),
                        FIVE_MINUTES,
                        2,
                        42,
                        calibration,
                        TEXTS,
                        2048),
                new DistillRequest(compile, ARCHITECTURE, Duration.ofMinutes(6), 2, 42, calibration, TEXTS, 2048),
                new DistillRequest(compile, ARCHITECTURE, FIVE_MINUTES, 1, 42, calibration, TEXTS, 2048),
                new DistillRequest(compile, ARCHITECTURE, FIVE_MINUTES, 2, 43, calibration, TEXTS, 2048),
                new DistillRequest(compile, ARCHITECTURE, FIVE_MINUTES, 2, 42, null, TEXTS, 2048),
                new DistillRequest(
                        compile, ARCHITECTURE, FIVE_MINUTES, 2, 42, calibration, new TextCounts(128, 300, 1000), 2048),
                new DistillRequest(compile, ARCHITECTURE, FIVE_MINUTES, 2, 42, calibration, TEXTS, 1024));
        assertThat(changed.stream().map(DistillFingerprint::of))
                .doesNotContain(fingerprint)
                .doesNotHaveDuplicates();

        Files.writeString(calibration, "one\nthree\n");
        assertThat(DistillFingerprint.of(
                        new DistillRequest(compile, ARCHITECTURE, FIVE_MINUTES, 2, 42, calibration, TEXTS, 2048)))
                .isNotEqualTo(fingerprint);
    }

    @Test
    void changesWithTheCompilation() throws Exception {
        CompileRequest compile = compileRequest();
        String fingerprint = DistillFingerprint.of(
                new DistillRequest(compile, ARCHITECTURE, FIVE_MINUTES, 2, 42, null, TEXTS, 2048));

        Files.writeString(compile.modelFile(), "another model");

        assertThat(DistillFingerprint.of(
                        new DistillRequest(compile, ARCHITECTURE, FIVE_MINUTES, 2, 42, null, TEXTS, 2048)))
                .isNotEqualTo(fingerprint);
    }

    private CompileRequest compileRequest() throws Exception {
        return new CompileRequest(
                Files.writeString(folder.resolve("model.onnx"), "not really a model"),
                null,
                "com.example.MiniLm",
                List.of("host"),
                Pooling.MEAN,
                true,
                256,
                folder.resolve("sources"),
                folder.resolve("resources"));
    }
}
