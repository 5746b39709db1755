package io.github.espalier.compiler.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.github.espalier.runtime.tokenizer.Encoding;
import io.github.espalier.runtime.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Token ids, type ids and attention masks must be identical to the HuggingFace tokenizers library. */
class TokenizerExactnessTest {
    /** Far more than any Europarl line needs, so that whole lines are compared. */
    private static final int UNLIMITED = 1 << 20;

    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(strings = {TokenizerFixtures.MINILM, TokenizerFixtures.BGE})
    void matchesHuggingFaceOnEveryEuroparlLine(String resource) {
        Path json = TokenizerFixtures.copyFromClasspath(resource, directory);
        List<String> lines = TokenizerFixtures.europarlLines();
        assertThat(lines).hasSize(17_597);

        Comparison comparison;
        try (HuggingFaceTokenizer reference = TokenizerFixtures.huggingFace(json, null)) {
            comparison = compare(TokenizerFixtures.espalier(json, UNLIMITED), reference, lines);
        }
        System.out.printf(
                "%s: compared %d Europarl lines (%d tokens), %d mismatches%n",
                resource, comparison.texts(), comparison.tokens(), comparison.mismatches());
        assertThat(comparison.texts()).isEqualTo(17_597);
        assertThat(comparison.mismatches()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {TokenizerFixtures.MINILM, TokenizerFixtures.BGE})
    void matchesHuggingFaceOnEdgeCasesTruncatedAt128And256And512(String resource) {
        Path json = TokenizerFixtures.copyFromClasspath(resource, directory);
        List<String> texts = edgeCases();
        for (int maxLength : new int[] {128, 256, 512}) {
            try (HuggingFaceTokenizer reference = TokenizerFixtures.huggingFace(json, maxLength)) {
                Tokenizer ours = TokenizerFixtures.espalier(json, maxLength);
                assertThat(compare(ours, reference, texts).mismatches())
                        .as("mismatches at max length " + maxLength)
                        .isZero();
                assertThat(ours.encode(europarlText()).length()).isEqualTo(maxLength);
            }
        }
    }

    /** Every code point but the surrogates, alone and inside a word, so that every character class is seen. */
    @Test
    void matchesHuggingFaceOnEveryCodePoint() {
        Path json = TokenizerFixtures.copyFromClasspath(TokenizerFixtures.MINILM, directory);
        List<String> texts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
            if (Character.getType(c) == Character.SURROGATE) {
                continue;
            }
            text.appendCodePoint(c).append(" a").appendCodePoint(c).append("b ");
            if (text.length() > 2_000) {
                texts.add(text.toString());
                text.setLength(0);
            }
        }
        texts.add(text.toString());
        try (HuggingFaceTokenizer reference = TokenizerFixtures.huggingFace(json, null)) {
            assertThat(compare(TokenizerFixtures.espalier(json, UNLIMITED), reference, texts)
                            .mismatches())
                    .isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {TokenizerFixtures.MINILM, TokenizerFixtures.BGE})
    void encodeBatchPadsToTheLongestLikeHuggingFace(String resource) throws Exception {
        Path json = TokenizerFixtures.copyFromClasspath(resource, directory);
        List<String> texts = new ArrayList<>(edgeCases());
        texts.addAll(TokenizerFixtures.europarlLines().subList(0, 20));
        texts.add("short");
        Map<String, String> options = Map.of("truncation", "true", "maxLength", "128", "padding", "true");
        try (HuggingFaceTokenizer reference = HuggingFaceTokenizer.newInstance(json, options)) {
            ai.djl.huggingface.tokenizers.Encoding[] expected = reference.batchEncode(texts);
            List<Encoding> actual = TokenizerFixtures.espalier(json, 128).encodeBatch(texts);
            assertThat(actual).hasSameSizeAs(texts);
            for (int i = 0; i < texts.size(); i++) {
                assertThat(same(actual.get(i), expected[i], texts.get(i)))
                        .as(texts.get(i))
                        .isTrue();
            }
            assertThat(actual.getLast().attentionMask()).contains(0L);
        }
    }

    static List<String> edgeCases() {
        String accents = "Café naïve Ångström façade Ελληνικά ΟΔΥΣΣΕΥΣ İstanbul Straße Dvořák Łódź";
        return List.of(
                "",
                " ",
                "   \t\n\r  ",
                "\u00A0\u2003\u3000\u1680\u202F",
                "I love 🤗 and 🥰, 👩‍👩‍👧 family, 🇪🇺 flag, 👍🏽 thumbs",
                "我爱北京天安门。日本語のテキスト、カタカナ。한국어 텍스트 𠀀𪜀",
                "مرحبا بالعالم، كيف حالك؟ السلام عليكم ٠١٢٣",
                "שלום עולם, ไทย ภาษา, हिन्दी भाषा, Русский текст",
                accents,
                Normalizer.normalize(accents, Normalizer.Form.NFD),
                Normalizer.normalize(accents, Normalizer.Form.NFC),
                "a\u0000b\u0001c\u0007d\u001Fe\u007Ff\u0085g\uFFFDh\u000Bi\u000Cj",
                "zero\u200Bwidth\u200Cnon\u200Djoiner\uFEFFbom\u2060word\u00ADsoft",
                "private \uE000\uF8FF use, unassigned \u0378 \uFFFF",
                "x² + y³ ≤ ∞, $100 €5 £3 ¥2 ^_^ `~| <tag> a=b 50% #hash @user",
                "ﬁ ﬀ ＡＢＣ１２３ ① Ⅻ ½",
                "[CLS] literal [SEP] tokens [MASK]x[PAD]y [UNK] [cls]",
                "a".repeat(100),
                "a".repeat(101),
                "é".repeat(101) + " short",
                "antidisestablishmentarianism supercalifragilisticexpialidocious " + "ab".repeat(60),
                "Hello   world\t\ttabs\nnew\r\nlines",
                "don't won't l'homme aujourd'hui e-mail co-operation U.S.A. 3.14 1,000,000",
                "hello world ".repeat(400),
                europarlText());
    }

    /** Real multilingual text far over every maximum length. */
    private static String europarlText() {
        return String.join(" ", TokenizerFixtures.europarlLines().subList(0, 100));
    }

    record Comparison(int texts, long tokens, int mismatches) {}

    /** Encodes every text with both tokenizers; prints each mismatch with both id lists. */
    static Comparison compare(Tokenizer ours, HuggingFaceTokenizer reference, List<String> texts) {
        int mismatches = 0;
        long tokens = 0;
        for (int from = 0; from < texts.size(); from += 500) {
            List<String> chunk = texts.subList(from, Math.min(texts.size(), from + 500));
            ai.djl.huggingface.tokenizers.Encoding[] expected = reference.batchEncode(chunk);
            for (int i = 0; i < chunk.size(); i++) {
                tokens += expected[i].getIds().length;
                if (!same(ours.encode(chunk.get(i)), expected[i], chunk.get(i))) {
                    mismatches++;
                }
            }
        }
        return new Comparison(texts.size(), tokens, mismatches);
    }

    private static boolean same(Encoding actual, ai.djl.huggingface.tokenizers.Encoding expected, String text) {
        boolean same = Arrays.equals(actual.ids(), expected.getIds())
                && Arrays.equals(actual.typeIds(), expected.getTypeIds())
                && Arrays.equals(actual.attentionMask(), expected.getAttentionMask());
        if (!same) {
            System.out.printf(
                    "MISMATCH for text: %s%n  huggingface: %s%n  espalier:    %s%n",
                    text, Arrays.toString(expected.getIds()), Arrays.toString(actual.ids()));
        }
        return same;
    }
}
