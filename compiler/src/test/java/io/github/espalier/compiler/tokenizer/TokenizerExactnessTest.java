package io.github.espalier.compiler.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.github.espalier.runtime.tokenizer.Encoding;
import io.github.espalier.runtime.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
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

        int mismatches;
        try (HuggingFaceTokenizer reference = TokenizerFixtures.huggingFace(json, null)) {
            mismatches = compare(TokenizerFixtures.espalier(json, UNLIMITED), reference, lines);
        }
        System.out.printf("%s: compared %d Europarl lines, %d mismatches%n", resource, lines.size(), mismatches);
        assertThat(mismatches).isZero();
    }

    private static int compare(Tokenizer ours, HuggingFaceTokenizer reference, List<String> texts) {
        int mismatches = 0;
        for (int from = 0; from < texts.size(); from += 500) {
            List<String> chunk = texts.subList(from, Math.min(texts.size(), from + 500));
            ai.djl.huggingface.tokenizers.Encoding[] expected = reference.batchEncode(chunk);
            for (int i = 0; i < chunk.size(); i++) {
                if (!same(ours.encode(chunk.get(i)), expected[i], chunk.get(i))) {
                    mismatches++;
                }
            }
        }
        return mismatches;
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
