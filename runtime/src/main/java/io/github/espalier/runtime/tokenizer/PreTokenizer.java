package io.github.espalier.runtime.tokenizer;

import java.util.List;

/**
 * Splits normalized text into words, as the HuggingFace pre-tokenizers do: each character is dropped (a
 * separator), kept alone (isolated punctuation) or joined to the run of neighbours of the same class.
 */
final class PreTokenizer {
    private static final int DROP = 0;
    private static final int ISOLATE = 1;
    private static final int RUN = 2;
    private static final int OTHER_RUN = 3;

    @FunctionalInterface
    private interface Classifier {
        int classify(int codePoint);
    }

    private final Classifier classifier;

    private PreTokenizer(Classifier classifier) {
        this.classifier = classifier;
    }

    /** BertPreTokenizer: drops whitespace, isolates every punctuation character. */
    static PreTokenizer bert() {
        return new PreTokenizer(c -> CharClasses.isWhitespace(c) ? DROP : CharClasses.isPunctuation(c) ? ISOLATE : RUN);
    }

    /** WhitespaceSplit: drops whitespace. */
    static PreTokenizer whitespaceSplit() {
        return new PreTokenizer(c -> CharClasses.isWhitespace(c) ? DROP : RUN);
    }

    /** Whitespace: the regex {@code \w+|[^\w\s]+}. */
    static PreTokenizer whitespace() {
        return new PreTokenizer(c -> CharClasses.isWhitespace(c) ? DROP : CharClasses.isWordChar(c) ? RUN : OTHER_RUN);
    }

    /** Punctuation with the default "isolated" behaviour. */
    static PreTokenizer punctuation() {
        return new PreTokenizer(c -> CharClasses.isPunctuation(c) ? ISOLATE : RUN);
    }

    /** Appends the words of {@code text} to {@code words}. */
    void split(String text, List<String> words) {
        int runStart = -1;
        int runClass = DROP;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int next = i + Character.charCount(c);
            int kind = classifier.classify(c);
            if (runStart >= 0 && kind != runClass) {
                words.add(text.substring(runStart, i));
                runStart = -1;
            }
            if (kind == ISOLATE) {
                words.add(text.substring(i, next));
            } else if (kind != DROP && runStart < 0) {
                runStart = i;
                runClass = kind;
            }
            i = next;
        }
        if (runStart >= 0) {
            words.add(text.substring(runStart));
        }
    }
}
