package io.github.espalier.runtime.tokenizer;

/** One normalization step, applied to the whole text before it is split into words. */
@FunctionalInterface
interface TextNormalizer {
    String normalize(String text);
}
