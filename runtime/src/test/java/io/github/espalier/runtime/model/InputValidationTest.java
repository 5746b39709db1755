package io.github.espalier.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edge inputs on the real kernels and tokenizer: texts that are empty or far too long, and tensors that
 * are empty or hold ids outside the vocabulary. (Null, empty lists, wrong types, ranks, sizes and names are
 * covered by {@link CompiledModelTest}.)
 */
class InputValidationTest {
    /** Text tokens that fit beside [CLS] and [SEP]. */
    private static final int TEXT_TOKENS = TinyEncoder.MAX_LENGTH - 2;

    @TempDir
    Path folder;

    private CompiledModel model;

    @BeforeEach
    void load() throws Exception {
        model = CompiledModel.open(TinyEncoder.write(folder.resolve("tiny.esp"), 1), new ModelOptions(2));
    }

    @AfterEach
    void close() {
        model.close();
    }

    @Test
    void anEmptyTextIsEmbeddedFromItsSpecialTokensAlone() {
        float[][] embeddings = model.embed(List.of("", "   \t\n", "the cat"));
        assertThat(embeddings[0]).containsExactly(embeddings[1]);
        assertThat(norm(embeddings[0])).isCloseTo(1, within(1e-5));
        assertThat(embeddings[0]).isNotEqualTo(embeddings[2]);
    }

    @Test
    void aTextFarOverTheMaximumLengthIsTruncatedToIt() {
        String fits = "cat ".repeat(TEXT_TOKENS);
        String megabyte = fits + "sat ".repeat(250_000);
        float[][] embeddings = model.embed(List.of(megabyte, fits, "cat ".repeat(TEXT_TOKENS - 1) + "sat"));
        assertThat(embeddings[0]).containsExactly(embeddings[1], within(1e-6f));
        assertThat(Math.abs(embeddings[0][0] - embeddings[2][0]))
                .as("the last token that fits still counts")
                .isGreaterThan(1e-4f);
    }

    @Test
    void anIdOutsideTheVocabularyNamesTheIdAndTheTable() {
        assertThatThrownBy(() -> model.run(tokens(new long[] {2, 9999, 3}, 1, 3)))
                .isInstanceOf(EspalierException.class)
                .hasMessageContaining("Instruction 'words' (Gather) failed")
                .hasMessageContaining("index 9999 is out of range")
                .hasMessageContaining("[" + TinyVocabulary.size() + ", " + TinyEncoder.HIDDEN + "]");
    }

    @Test
    void emptyBatchesAndSequencesGiveEmptyOutputs() {
        assertThat(model.run(tokens(new long[0], 0, 4)).get("last_hidden_state").shape())
                .containsExactly(0, 4, TinyEncoder.HIDDEN);
        assertThat(model.run(tokens(new long[0], 2, 0)).get("last_hidden_state").shape())
                .containsExactly(2, 0, TinyEncoder.HIDDEN);
    }

    private static Map<String, Tensor> tokens(long[] ids, long... shape) {
        long[] mask = new long[ids.length];
        Arrays.fill(mask, 1);
        return Map.of(
                "input_ids", Tensor.ofLongs(ids, shape),
                "attention_mask", Tensor.ofLongs(mask, shape),
                "token_type_ids", Tensor.ofLongs(new long[ids.length], shape));
    }

    private static double norm(float[] vector) {
        double sum = 0;
        for (float v : vector) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum);
    }
}
