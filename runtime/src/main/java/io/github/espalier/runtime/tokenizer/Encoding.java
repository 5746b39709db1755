package io.github.espalier.runtime.tokenizer;

/** The model inputs for one text. All three arrays have the same length. */
public record Encoding(long[] ids, long[] typeIds, long[] attentionMask) {
    public int length() {
        return ids.length;
    }
}
