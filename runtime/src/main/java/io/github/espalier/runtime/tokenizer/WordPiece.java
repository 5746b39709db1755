package io.github.espalier.runtime.tokenizer;

/**
 * The WordPiece model: greedy longest-match-first over the vocabulary, the continuing-subword prefix on
 * every piece but the first, and the unknown token for a word that is too long or cannot be covered.
 */
final class WordPiece {
    private static final char[] NO_PREFIX = {};

    private final VocabIndex vocab;
    private final char[] continuingPrefix;
    private final int maxInputCharsPerWord;
    private final int unkId;

    WordPiece(VocabIndex vocab, String continuingPrefix, int maxInputCharsPerWord, int unkId) {
        this.vocab = vocab;
        this.continuingPrefix = continuingPrefix.toCharArray();
        this.maxInputCharsPerWord = maxInputCharsPerWord;
        this.unkId = unkId;
    }

    /** Appends the ids of one word to {@code out}. */
    void tokenize(String word, IdList out) {
        if (word.codePointCount(0, word.length()) > maxInputCharsPerWord) {
            out.add(unkId);
            return;
        }
        char[] chars = word.toCharArray();
        int mark = out.size();
        for (int start = 0; start < chars.length; ) {
            char[] prefix = start == 0 ? NO_PREFIX : continuingPrefix;
            int end = chars.length;
            int id = -1;
            while (end > start && (id = vocab.find(prefix, chars, start, end)) < 0) {
                end -= Character.isLowSurrogate(chars[end - 1]) && end - 2 >= start ? 2 : 1;
            }
            if (id < 0) {
                out.truncate(mark);
                out.add(unkId);
                return;
            }
            out.add(id);
            start = end;
        }
    }
}
