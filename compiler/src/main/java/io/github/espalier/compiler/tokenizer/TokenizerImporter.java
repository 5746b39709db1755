package io.github.espalier.compiler.tokenizer;

import java.nio.file.Path;

/** Reads a HuggingFace {@code tokenizer.json} and writes the compact section the runtime tokenizer reads. */
public final class TokenizerImporter {
    private TokenizerImporter() {}

    /**
     * @param maxSequenceLength tokens per text after truncation, special tokens included; overrides the
     *     file's truncation setting
     */
    public static byte[] importJson(Path tokenizerJson, int maxSequenceLength) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
