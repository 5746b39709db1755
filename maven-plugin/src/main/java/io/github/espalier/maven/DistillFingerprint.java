package io.github.espalier.maven;

import io.github.espalier.compiler.Digests;
import io.github.espalier.compiler.ModelCompiler;
import io.github.espalier.compiler.distill.DistillRequest;
import java.util.List;

/**
 * What decides whether an earlier distillation's output can be kept: the compilation's own fingerprint
 * (model, tokenizer, compile parameters, compiler jars), the architecture, every training setting, the text
 * counts and the calibration text file.
 */
final class DistillFingerprint {
    private DistillFingerprint() {}

    /** @throws io.github.espalier.compiler.CompilationException when the model or calibration file is unreadable */
    static String of(DistillRequest request) {
        Digests.Builder digest = Digests.builder()
                .add("compile", new ModelCompiler().fingerprint(request.compile()))
                .add("architecture", request.architecture().toString())
                .add(
                        "settings",
                        List.of(request.trainingTime(), request.threads(), request.seed())
                                .toString())
                .add("texts", request.texts().toString())
                .add("trainingTexts", Integer.toString(request.trainingTexts()));
        if (request.calibration() != null) {
            digest.addFile("calibration", request.calibration());
        }
        return digest.hex();
    }
}
