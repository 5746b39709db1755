package io.github.espalier.runtime.tokenizer;

import java.text.Normalizer;
import java.util.function.IntPredicate;

/**
 * The normalization steps of HuggingFace tokenizers, each with the library's semantics. Known gap: the
 * Unicode forms use the JDK's Unicode data, which is newer than the library's, so a few dozen compatibility
 * characters added since Unicode 14 (such as U+10781..U+107BA and U+1E030..U+1E06D) decompose under NFKC and
 * NFKD here but not there. BertNormalizer is exact for every code point.
 */
final class Normalizers {
    private Normalizers() {}

    /** BertNormalizer: clean text, space out CJK ideographs, strip accents, lowercase, in that order. */
    static TextNormalizer bert(boolean cleanText, boolean handleChineseChars, boolean stripAccents, boolean lowercase) {
        return text -> {
            String result =
                    cleanText || handleChineseChars ? cleanAndSpaceChinese(text, cleanText, handleChineseChars) : text;
            if (stripAccents) {
                result = removeMarks(unicodeForm(result, Normalizer.Form.NFD), CharClasses::isNonSpacingMark);
            }
            return lowercase ? lowercase(result) : result;
        };
    }

    static TextNormalizer unicode(Normalizer.Form form) {
        return text -> unicodeForm(text, form);
    }

    static TextNormalizer lowercase() {
        return Normalizers::lowercase;
    }

    /** The StripAccents normalizer: removes combining marks; like the library, it does not decompose first. */
    static TextNormalizer stripAccents() {
        return text -> removeMarks(text, CharClasses::isCombiningMark);
    }

    static TextNormalizer strip(boolean left, boolean right) {
        return text -> {
            int start = 0;
            int end = text.length();
            while (left && start < end && CharClasses.isWhitespace(text.codePointAt(start))) {
                start += Character.charCount(text.codePointAt(start));
            }
            while (right && end > start && CharClasses.isWhitespace(text.codePointBefore(end))) {
                end -= Character.charCount(text.codePointBefore(end));
            }
            return text.substring(start, end);
        };
    }

    static TextNormalizer replace(String pattern, String content) {
        return text -> text.replace(pattern, content);
    }

    private static String cleanAndSpaceChinese(String text, boolean cleanText, boolean handleChineseChars) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (cleanText) {
                if (c == 0 || c == 0xFFFD || CharClasses.isControl(c)) {
                    continue;
                }
                if (CharClasses.isWhitespace(c)) {
                    c = ' ';
                }
            }
            if (handleChineseChars && CharClasses.isChinese(c)) {
                out.append(' ').appendCodePoint(c).append(' ');
            } else {
                out.appendCodePoint(c);
            }
        }
        return out.toString();
    }

    private static String unicodeForm(String text, Normalizer.Form form) {
        return Normalizer.isNormalized(text, form) ? text : Normalizer.normalize(text, form);
    }

    private static String removeMarks(String text, IntPredicate isMark) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int next = i + Character.charCount(c);
            if (isMark.test(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
            } else if (out != null) {
                out.append(text, i, next);
            }
            i = next;
        }
        return out == null ? text : out.toString();
    }

    /**
     * Lowercases code point by code point with Rust's full mapping, which has no final-sigma rule (unlike
     * {@link String#toLowerCase}) and turns U+0130 into "i" + combining dot.
     */
    private static String lowercase(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == 0x130) {
                out.append("i\u0307");
            } else {
                out.appendCodePoint(Character.toLowerCase(c));
            }
        }
        return out.toString();
    }
}
