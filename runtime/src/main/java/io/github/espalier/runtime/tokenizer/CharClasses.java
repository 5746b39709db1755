package io.github.espalier.runtime.tokenizer;

/**
 * Character classes as the HuggingFace tokenizers library (Rust) defines them. They differ from the
 * JDK's on purpose: Rust's {@code char::is_whitespace} is the Unicode White_Space property (it includes
 * no-break spaces, which {@link Character#isWhitespace} excludes), BERT punctuation includes the ASCII
 * symbols {@code $+<=>^`|~}, and the categories come from the library's own tables
 * ({@link HuggingFaceCharTables}).
 */
final class CharClasses {
    private CharClasses() {}

    /** Rust {@code char::is_whitespace}: the Unicode White_Space property. */
    static boolean isWhitespace(int c) {
        return switch (c) {
            case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
            default -> c >= 0x2000 && c <= 0x200A;
        };
    }

    /** BERT's control test: the library's Cc, Cf and Co, except tab, newline and return. */
    static boolean isControl(int c) {
        return c != '\t' && c != '\n' && c != '\r' && HuggingFaceCharTables.contains(HuggingFaceCharTables.CONTROL, c);
    }

    /** The CJK ideograph blocks that BERT surrounds with spaces. */
    static boolean isChinese(int c) {
        return (c >= 0x4E00 && c <= 0x9FFF)
                || (c >= 0x3400 && c <= 0x4DBF)
                || (c >= 0x20000 && c <= 0x2A6DF)
                || (c >= 0x2A700 && c <= 0x2B73F)
                || (c >= 0x2B740 && c <= 0x2B81F)
                || (c >= 0x2B920 && c <= 0x2CEAF)
                || (c >= 0xF900 && c <= 0xFAFF)
                || (c >= 0x2F800 && c <= 0x2FA1F);
    }

    /** BERT punctuation: ASCII punctuation (symbols included) or the library's Unicode punctuation. */
    static boolean isPunctuation(int c) {
        return HuggingFaceCharTables.contains(HuggingFaceCharTables.PUNCTUATION, c);
    }

    static boolean isCombiningMark(int c) {
        return HuggingFaceCharTables.contains(HuggingFaceCharTables.COMBINING_MARK, c);
    }

    static boolean isNonSpacingMark(int c) {
        return HuggingFaceCharTables.contains(HuggingFaceCharTables.NON_SPACING_MARK, c);
    }

    /** A character of a Rust regex {@code \w}: alphabetic, mark, decimal digit, connector or joiner. */
    static boolean isWordChar(int c) {
        if (Character.isAlphabetic(c) || c == 0x200C || c == 0x200D) {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK,
                    Character.COMBINING_SPACING_MARK,
                    Character.DECIMAL_DIGIT_NUMBER,
                    Character.CONNECTOR_PUNCTUATION -> true;
            default -> false;
        };
    }
}
