package io.github.espalier.compiler;

import io.github.espalier.runtime.model.Pooling;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything one compilation needs.
 *
 * @param modelFile the ONNX file
 * @param tokenizerFile the HuggingFace tokenizer.json (null: the model has no tokenizer, no embed methods)
 * @param className fully qualified name of the generated wrapper class
 * @param targets target names ({@code host}, {@code x86-64}, {@code x86-64-v3}, ...)
 * @param pooling sentence pooling for embed methods
 * @param normalize whether embed methods L2-normalize
 * @param maxSequenceLength tokens per text after truncation
 * @param sourcesDir where generated Java sources go
 * @param resourcesDir where the compiled artifact goes (as a classpath resource next to the class)
 */
public record CompileRequest(
        Path modelFile,
        Path tokenizerFile,
        String className,
        List<String> targets,
        Pooling pooling,
        boolean normalize,
        int maxSequenceLength,
        Path sourcesDir,
        Path resourcesDir) {}
