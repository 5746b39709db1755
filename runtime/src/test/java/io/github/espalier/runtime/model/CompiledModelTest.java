package io.github.espalier.runtime.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.espalier.runtime.EspalierException;
import io.github.espalier.runtime.artifact.ArtifactWriter;
import io.github.espalier.runtime.artifact.ModelArtifact;
import io.github.espalier.runtime.cpu.CpuFeatures;
import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.program.Attributes;
import io.github.espalier.runtime.program.Dim;
import io.github.espalier.runtime.program.Instruction;
import io.github.espalier.runtime.program.Program;
import io.github.espalier.runtime.program.ValueSpec;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model's own logic (metadata, input checks, tokenization, pooling, lifecycle) with a reference runner
 * in place of the executor: hidden[b, s, h] = id[b, s] * W[h] + typeId[b, s].
 */
class CompiledModelTest {
    private static final float[] W = {1f, -2f, 0.5f, 3f};
    private static final List<Dim> TOKENS = List.of(Dim.symbol("batch_size"), Dim.symbol("sequence_length"));

    @TempDir
    Path folder;

    private final List<Long> batchSizes = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> sequenceLengths = Collections.synchronizedList(new ArrayList<>());

    @Test
    void runRejectsWrongTypesRanksDimsAndNames() throws IOException {
        try (CompiledModel model = model(Map.of(), true)) {
            Tensor ids = Tensor.ofLongs(new long[6], 2, 3);
            assertThatThrownBy(() -> model.run(Map.of(
                            "input_ids", Tensor.ofFloats(new float[6], 2, 3),
                            "attention_mask", ids,
                            "token_type_ids", ids)))
                    .isInstanceOf(EspalierException.class)
                    .hasMessage("input 'input_ids' expects INT64 [batch_size, sequence_length] but got FLOAT [2, 3]");
            assertThatThrownBy(() -> model.run(
                            Map.of("input_ids", ids.reshape(6), "attention_mask", ids, "token_type_ids", ids)))
                    .hasMessage("input 'input_ids' expects INT64 [batch_size, sequence_length] but got INT64 [6]");
            assertThatThrownBy(() -> model.run(
                            Map.of("input_ids", ids, "attention_mask", ids.reshape(3, 2), "token_type_ids", ids)))
                    .hasMessageContaining("inputs disagree on 'batch_size'")
                    .hasMessageContaining("has 2")
                    .hasMessageContaining("has 3");
            assertThatThrownBy(() -> model.run(Map.of("input_ids", ids, "attention_mask", ids)))
                    .hasMessageContaining("missing input 'token_type_ids'");
            assertThatThrownBy(() -> model.run(
                            Map.of("input_ids", ids, "attention_mask", ids, "token_type_ids", ids, "extra", ids)))
                    .hasMessageContaining("unknown input 'extra'")
                    .hasMessageContaining("input_ids INT64 [batch_size, sequence_length]");
            assertThatThrownBy(() -> model.run(null)).isInstanceOf(EspalierException.class);
        }
    }

    @Test
    void runChecksFixedDimensions() throws IOException {
        Program program = new Program(
                List.of(new ValueSpec("x", DType.FLOAT, List.of(Dim.symbol("n"), Dim.of(3)))),
                List.of(new ValueSpec("y", DType.FLOAT, List.of(Dim.symbol("n"), Dim.of(3)))),
                List.of(),
                List.of());
        Path file = folder.resolve("fixed.espalier");
        new ArtifactWriter().program(program).writeTo(file);
        try (CompiledModel model = new CompiledModel(ModelArtifact.open(file), inputs -> inputs, pool(), null)) {
            assertThatThrownBy(() -> model.run(Map.of("x", Tensor.ofFloats(new float[8], 2, 4))))
                    .hasMessage("input 'x' expects FLOAT [n, 3] but got FLOAT [2, 4]");
            Tensor good = Tensor.ofFloats(new float[6], 2, 3);
            assertThat(model.run(Map.of("x", good))).containsEntry("x", good);
        }
    }

    @Test
    void anOperatorThisRuntimeLacksIsRefusedAtOpenNamingTheArtifact() throws IOException {
        Program program = new Program(
                List.of(new ValueSpec("x", DType.FLOAT, List.of(Dim.of(2)))),
                List.of(new ValueSpec("y", DType.FLOAT, List.of(Dim.of(2)))),
                List.of(),
                List.of(new Instruction("odd", "espalier.Unknown", List.of("x"), List.of("y"), Attributes.empty())));
        Path file = folder.resolve("unknown-operator.espalier");
        new ArtifactWriter().program(program).writeTo(file);

        assertThatThrownBy(() -> CompiledModel.open(file, ModelOptions.defaults()))
                .isInstanceOf(EspalierException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("espalier.Unknown");
    }

    @Test
    void embedMeanPoolsOverTheAttentionMaskAndNormalizes() throws IOException {
        List<String> texts = List.of("a bb ccc", "dddd", "ee f gg hhh iiii");
        try (CompiledModel model = model(Map.of(ArtifactMetadata.NORMALIZE, "true"), true)) {
            float[][] embeddings = model.embed(texts);
            for (int i = 0; i < texts.size(); i++) {
                assertThat(embeddings[i]).containsExactly(referenceMeanNormalized(texts.get(i)), within(1e-6f));
            }
        }
    }

    @Test
    void embedClsPoolingTakesTheFirstTokenUnnormalized() throws IOException {
        try (CompiledModel model = model(Map.of(ArtifactMetadata.POOLING, "CLS"), true)) {
            float[][] embeddings = model.embed(List.of("abc de", "x"));
            assertThat(embeddings[0]).containsExactly(3 * W[0] + 1, 3 * W[1] + 1, 3 * W[2] + 1, 3 * W[3] + 1);
            assertThat(embeddings[1]).containsExactly(W[0] + 1, W[1] + 1, W[2] + 1, W[3] + 1);
        }
    }

    @Test
    void embedRunsLongListsInBatchesOf32() throws IOException {
        List<String> texts =
                IntStream.range(0, 70).mapToObj(i -> "w".repeat(1 + i % 5)).toList();
        try (CompiledModel model = model(Map.of(ArtifactMetadata.NORMALIZE, "true"), true)) {
            float[][] embeddings = model.embed(texts);
            assertThat(batchSizes).containsExactly(32L, 32L, 6L);
            assertThat(embeddings.length).isEqualTo(70);
            assertThat(embeddings[69]).containsExactly(referenceMeanNormalized(texts.get(69)), within(1e-6f));
        }
    }

    @Test
    void embedPassesHoldTextsOfOneLengthSoNoTokenIsPaddingAndReturnThemInTheCallersOrder() throws IOException {
        // 70 texts of 1 to 5 tokens, 14 of each length, interleaved: batched in the given order, every pass
        // would pad its texts to 5 tokens (350 computed for 210 real); by length, the passes compute 210.
        List<String> texts = IntStream.range(0, 70)
                .mapToObj(i -> "w ".repeat(1 + i % 5).strip())
                .toList();
        try (CompiledModel model = model(Map.of(ArtifactMetadata.NORMALIZE, "true"), true)) {
            float[][] embeddings = model.embed(texts);
            assertThat(batchSizes).containsExactly(14L, 14L, 14L, 14L, 14L);
            assertThat(sequenceLengths).containsExactly(1L, 2L, 3L, 4L, 5L);
            for (int i = 0; i < texts.size(); i++) {
                assertThat(embeddings[i])
                        .as("text %d", i)
                        .containsExactly(referenceMeanNormalized(texts.get(i)), within(1e-6f));
            }
        }
    }

    @Test
    void embedRejectsNullEmptyAndNullTexts() throws IOException {
        try (CompiledModel model = model(Map.of(), true)) {
            assertThatThrownBy(() -> model.embed(null)).hasMessageContaining("texts must not be null");
            assertThatThrownBy(() -> model.embed(List.of())).hasMessageContaining("texts must not be empty");
            assertThatThrownBy(() -> model.embed(Arrays.asList("a", null))).hasMessageContaining("texts[1] is null");
        }
    }

    @Test
    void embedWithoutTokenizerPointsToRun() throws IOException {
        try (CompiledModel model = model(Map.of(), false)) {
            assertThatThrownBy(() -> model.embed(List.of("a")))
                    .isInstanceOf(EspalierException.class)
                    .hasMessageContaining("without a tokenizer")
                    .hasMessageContaining("run()");
        }
    }

    @Test
    void infoReportsMetadataThreadsAndKernels() throws IOException {
        Map<String, String> metadata = Map.of(
                ArtifactMetadata.MODEL_NAME, "mini",
                ArtifactMetadata.TARGET, "x86-64-v3",
                ArtifactMetadata.COMPILER_VERSION, "0.1.0",
                ArtifactMetadata.MODEL_DIGEST, "ab12",
                ArtifactMetadata.POOLING, "CLS",
                ArtifactMetadata.NORMALIZE, "true",
                ArtifactMetadata.MAX_SEQUENCE_LENGTH, "128",
                ArtifactMetadata.VARIANT, "5 of 6 layers: 12h/768");
        try (CompiledModel model = model(metadata, true)) {
            assertThat(model.info())
                    .isEqualTo(new ModelInfo(
                            "mini",
                            "x86-64-v3",
                            CpuFeatures.detect().kernelFamily(),
                            1,
                            "0.1.0",
                            "ab12",
                            Pooling.CLS,
                            true,
                            128,
                            "5 of 6 layers: 12h/768"));
        }
        try (CompiledModel model = model(Map.of(), true)) {
            assertThat(model.info().maxSequenceLength()).as("the tokenizer's").isEqualTo(512);
            assertThat(model.info().pooling()).isEqualTo(Pooling.MEAN);
            assertThat(model.info().normalized()).isFalse();
            assertThat(model.info().variant()).isEqualTo("original");
        }
    }

    @Test
    void invalidMetadataIsRejectedAtLoadWithTheKey() {
        assertThatThrownBy(() -> model(Map.of(ArtifactMetadata.POOLING, "MAX"), true))
                .isInstanceOf(EspalierException.class)
                .hasMessageContaining("embedding.pooling='MAX'")
                .hasMessageContaining("MEAN or CLS");
        assertThatThrownBy(() -> model(Map.of(ArtifactMetadata.POOLED_OUTPUT, "pooler"), true))
                .hasMessageContaining("[last_hidden_state]");
        assertThatThrownBy(() -> model(Map.of(ArtifactMetadata.MAX_SEQUENCE_LENGTH, "-1"), true))
                .hasMessageContaining("positive integer");
    }

    @Test
    void closeIsIdempotentAndLaterCallsFail() throws IOException {
        CompiledModel model = model(Map.of(), true);
        model.close();
        model.close();
        assertThatThrownBy(() -> model.embed(List.of("a")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
        assertThatThrownBy(() -> model.run(Map.of())).hasMessageContaining("is closed");
        assertThatThrownBy(model::info).hasMessageContaining("is closed");
    }

    private CompiledModel model(Map<String, String> metadata, boolean withTokenizer) throws IOException {
        Program program = new Program(
                List.of(
                        new ValueSpec("input_ids", DType.INT64, TOKENS),
                        new ValueSpec("attention_mask", DType.INT64, TOKENS),
                        new ValueSpec("token_type_ids", DType.INT64, TOKENS)),
                List.of(new ValueSpec(
                        "last_hidden_state",
                        DType.FLOAT,
                        List.of(Dim.symbol("batch_size"), Dim.symbol("sequence_length"), Dim.of(W.length)))),
                List.of("W"),
                List.of(new Instruction(
                        "encoder",
                        "espalier.Reference",
                        List.of("input_ids", "token_type_ids", "W"),
                        List.of("last_hidden_state"),
                        Attributes.empty())));
        ArtifactWriter writer = new ArtifactWriter().program(program).tensor("W", Tensor.ofFloats(W.clone(), W.length));
        metadata.forEach(writer::metadata);
        Path file = folder.resolve("model-" + metadata.hashCode() + ".espalier");
        writer.writeTo(file);
        ModelArtifact artifact = ModelArtifact.open(file);
        try {
            return new CompiledModel(
                    artifact,
                    referenceRunner(artifact.tensors().get("W")),
                    pool(),
                    withTokenizer ? new WhitespaceTokenizer() : null);
        } catch (RuntimeException e) {
            artifact.close();
            throw e;
        }
    }

    private static ComputePool pool() {
        return ComputePool.create(1);
    }

    private UnaryOperator<Map<String, Tensor>> referenceRunner(Tensor weights) {
        return inputs -> {
            Tensor ids = inputs.get("input_ids");
            Tensor types = inputs.get("token_type_ids");
            int tokens = (int) ids.elementCount();
            batchSizes.add(ids.dim(0));
            sequenceLengths.add(ids.dim(1));
            float[] hidden = new float[tokens * W.length];
            for (int t = 0; t < tokens; t++) {
                for (int h = 0; h < W.length; h++) {
                    hidden[t * W.length + h] = ids.getLong(t) * weights.getFloat(h) + types.getLong(t);
                }
            }
            return Map.of("last_hidden_state", Tensor.ofFloats(hidden, ids.dim(0), ids.dim(1), W.length));
        };
    }

    /** Mean over the text's own tokens (no padding involved), then divided by its Euclidean length. */
    private static float[] referenceMeanNormalized(String text) {
        long[] ids = WhitespaceTokenizer.ids(text);
        double[] mean = new double[W.length];
        for (long id : ids) {
            for (int h = 0; h < W.length; h++) {
                mean[h] += (id * W[h] + 1.0) / ids.length;
            }
        }
        double norm = Math.sqrt(Arrays.stream(mean).map(v -> v * v).sum());
        float[] expected = new float[W.length];
        for (int h = 0; h < W.length; h++) {
            expected[h] = (float) (mean[h] / norm);
        }
        return expected;
    }
}
