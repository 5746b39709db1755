package io.github.espalier.runtime.tokenizer;

import java.util.List;

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
     * Several texts, padded to the longest of the batch (after truncation): pad id, type id of the
     * padding, attention mask 0.
     *
     * @throws NullPointerException if {@code texts} or one of its elements is null
     */
    List<Encoding> encodeBatch(List<String> texts);

    int maxLength();
}
