package io.github.espalier.runtime.model;

import io.github.espalier.runtime.artifact.ArtifactWriter;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.program.Dim;
import io.github.espalier.runtime.program.Instruction;
import io.github.espalier.runtime.program.Program;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A BERT-shaped encoder small enough to load a thousand times in a test: embeddings, LayerNorm, masked
 * attention and a GELU feed-forward layer on the real kernels, with a real tokenizer section, written as
 * an artifact the way the compiler writes one. The seed picks the weights, so two seeds are two models.
 */
final class TinyEncoder {
    static final int HIDDEN = 16;
    static final int MAX_LENGTH = TinyVocabulary.MAX_LENGTH;

    private static final List<Dim> TOKENS = List.of(Dim.symbol("batch_size"), Dim.symbol("sequence_length"));

    private TinyEncoder() {}

    static Path write(Path file, long seed) throws IOException {
        Random random = new Random(seed);
        int vocabulary = TinyVocabulary.size();
        new ArtifactWriter()
                .program(program())
                .tensor("word_embeddings", random(random, vocabulary, HIDDEN))
                .tensor("type_embeddings", random(random, 2, HIDDEN))
                .tensor("ln_gamma", random(random, HIDDEN))
                .tensor("ln_beta", random(random, HIDDEN))
                .tensor("w_ffn", random(random, HIDDEN, HIDDEN))
                .tensor("b_ffn", random(random, HIDDEN))
                .tensor("one", Tensor.ofFloats(new float[] {1f}))
                .tensor("masked_score", Tensor.ofFloats(new float[] {-10000f}))
                .tensor("mask_axes", Tensor.ofLongs(new long[] {1, 2}, 2))
                .section(ArtifactMetadata.TOKENIZER_SECTION, TinyVocabulary.tokenizerSection())
                .metadata(ArtifactMetadata.MODEL_NAME, "tiny-encoder-" + seed)
                .metadata(ArtifactMetadata.NORMALIZE, "true")
                .writeTo(file);
        return file;
    }

    private static Program program() {
        return new Program(
                List.of(
                        new ValueSpec("input_ids", DType.INT64, TOKENS),
                        new ValueSpec("attention_mask", DType.INT64, TOKENS),
                        new ValueSpec("token_type_ids", DType.INT64, TOKENS)),
                List.of(new ValueSpec(
                        "last_hidden_state",
                        DType.FLOAT,
                        List.of(Dim.symbol("batch_size"), Dim.symbol("sequence_length"), Dim.of(HIDDEN)))),
                List.of(
                        "word_embeddings",
                        "type_embeddings",
                        "ln_gamma",
                        "ln_beta",
                        "w_ffn",
                        "b_ffn",
                        "one",
                        "masked_score",
                        "mask_axes"),
                List.of(
                        step("Gather", List.of("word_embeddings", "input_ids"), "words"),
                        step("Gather", List.of("type_embeddings", "token_type_ids"), "types"),
                        step("Add", List.of("words", "types"), "embedded"),
                        step("espalier.LayerNorm", List.of("embedded", "ln_gamma", "ln_beta"), "normed"),
                        step("Cast", List.of("attention_mask"), "mask", Map.of("to", (long) DType.FLOAT.onnxCode())),
                        step("Sub", List.of("one", "mask"), "padding"),
                        step("Mul", List.of("padding", "masked_score"), "mask_scores"),
                        step("Unsqueeze", List.of("mask_scores", "mask_axes"), "mask_add"),
                        step(
                                "espalier.Attention",
                                List.of("normed", "normed", "normed", "mask_add"),
                                "attended",
                                Map.of("num_heads", 2L, "scale", 0.35f)),
                        step(
                                "espalier.MatMulBias",
                                List.of("attended", "w_ffn", "b_ffn"),
                                "ffn",
                                Map.of("activation", "gelu")),
                        step("Add", List.of("ffn", "normed"), "last_hidden_state")));
    }

    private static Instruction step(String op, List<String> inputs, String output) {
        return step(op, inputs, output, Map.of());
    }

    private static Instruction step(String op, List<String> inputs, String output, Map<String, Object> attributes) {
        return new Instruction(output, op, inputs, List.of(output), Attributes.of(attributes));
    }

    private static Tensor random(Random random, long... shape) {
        int count = 1;
        for (long dim : shape) {
            count *= (int) dim;
        }
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return Tensor.ofFloats(values, shape);
    }
}
