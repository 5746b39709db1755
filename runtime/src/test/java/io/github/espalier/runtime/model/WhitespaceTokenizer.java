package io.github.espalier.runtime.model;

import io.github.espalier.runtime.tokenizer.Encoding;
import io.github.espalier.runtime.tokenizer.Tokenizer;
import java.util.Arrays;

/** A stand-in tokenizer for tests: one token per word, its id the word's length; type ids 1. */
final class WhitespaceTokenizer implements Tokenizer {
    static long[] ids(String text) {
        return Arrays.stream(text.strip().split("\\s+"))
                .mapToLong(String::length)
                .toArray();
    }

    @Override
    public Encoding encode(String text) {
        long[] ids = ids(text);
        long[] ones = new long[ids.length];
        Arrays.fill(ones, 1);
        return new Encoding(ids, ones.clone(), ones);
    }

    @Override
    public Encoding pad(Encoding encoding, int length) {
        return new Encoding(
                Arrays.copyOf(encoding.ids(), length),
                Arrays.copyOf(encoding.typeIds(), length),
                Arrays.copyOf(encoding.attentionMask(), length));
    }

    @Override
    public int maxLength() {
        return 512;
    }
}
