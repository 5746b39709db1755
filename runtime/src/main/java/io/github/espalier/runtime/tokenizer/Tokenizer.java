package io.github.espalier.runtime.tokenizer;

import java.util.List;
import java.util.Objects;

/**
 * Turns text into the model's input ids, as the HuggingFace tokenizer that shipped with the model does.
 * Implementations are immutable and safe to share between threads.
 */
public interface Tokenizer {
    /**
     * One text: truncated to the maximum length, with special tokens, not padded.
     *
     * @throws NullPointerException if {@code text} is null
     */
    Encoding encode(String text);

    /**
     * The encoding extended to {@code length} tokens with this tokenizer's padding: pad id, type id of the
     * padding, attention mask 0. An encoding of that length already is returned as it is.
     */
    Encoding pad(Encoding encoding, int length);

    /**
     * Several texts, padded to the longest of the batch (after truncation).
     *
     * @throws NullPointerException if {@code texts} or one of its elements is null
     */
    default List<Encoding> encodeBatch(List<String> texts) {
        Objects.requireNonNull(texts, "texts to encode must not be null");
        List<Encoding> encodings = texts.stream().map(this::encode).toList();
        int longest = encodings.stream().mapToInt(Encoding::length).max().orElse(0);
        return encodings.stream().map(encoding -> pad(encoding, longest)).toList();
    }

    int maxLength();
}
