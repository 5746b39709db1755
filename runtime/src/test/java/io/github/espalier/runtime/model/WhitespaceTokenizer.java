package io.github.espalier.runtime.model;

import io.github.espalier.runtime.tokenizer.Encoding;
import io.github.espalier.runtime.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.List;

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
    public List<Encoding> encodeBatch(List<String> texts) {
        List<Encoding> encodings = texts.stream().map(this::encode).toList();
        int longest = encodings.stream().mapToInt(Encoding::length).max().orElse(0);
        return encodings.stream()
                .map(e -> new Encoding(
                        Arrays.copyOf(e.ids(), longest),
                        Arrays.copyOf(e.typeIds(), longest),
                        Arrays.copyOf(e.attentionMask(), longest)))
                .toList();
    }

    @Override
    public int maxLength() {
        return 512;
    }
}
