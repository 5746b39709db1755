package io.github.espalier.runtime.tokenizer;

import java.util.List;

/** Turns text into the model's input ids, as the HuggingFace tokenizer that shipped with the model does. */
public interface Tokenizer {
    /** One text: truncated to the maximum length, with special tokens, not padded. */
    Encoding encode(String text);

    /** Several texts, padded to the longest of the batch (after truncation). */
    List<Encoding> encodeBatch(List<String> texts);

    int maxLength();
}
