package io.github.espalier.maven;

import java.nio.file.Path;

/**
 * The files one compilation reads, found from the {@code model} parameter.
 *
 * @param model the ONNX file
 * @param tokenizer the tokenizer.json, or null when there is none
 */
record ModelFiles(Path model, Path tokenizer) {}
