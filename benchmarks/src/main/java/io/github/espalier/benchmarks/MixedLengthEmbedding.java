package io.github.espalier.benchmarks;

import io.github.espalier.compiler.search.TextCorpus;
import io.github.espalier.runtime.artifact.ModelArtifact;
import io.github.espalier.runtime.model.TokenBatch;
import io.github.espalier.runtime.tokenizer.Tokenizer;
import io.github.espalier.runtime.tokenizer.Tokenizers;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Embedding paragraphs of the built-in corpus (mixed lengths) in lists of {@value #LIST_SIZE}, as a service
 * does, both engines, each list either padded to its longest text in one pass, the usual way to feed ONNX
 * Runtime, or cut into passes of one token length each, what our {@code embed} does. Texts are tokenized
 * beforehand, so only the forward passes are timed.
 */
final class MixedLengthEmbedding {
    static final int TEXTS = 256;
    static final int LIST_SIZE = 32;
    private static final int ROUNDS = 3;

    /**
     * One engine and batching: forward passes, the tokens they computed against the real ones, and texts per
     * second in its fastest round.
     */
    record Result(
            String engine,
            int threads,
            String batching,
            int passes,
            long computedTokens,
            long realTokens,
            double textsPerSecond) {}

    private MixedLengthEmbedding() {}

    static List<Result> measure(Engine ours, Engine onnxRuntime, int threads) throws Exception {
        Tokenizer tokenizer = artifactTokenizer();
        List<String> texts = TextCorpus.builtIn().subList(0, TEXTS);
        List<List<TokenBatch>> batchings = List.of(
                batches(texts, (list, size) -> TokenBatch.of(tokenizer, list, size)),
                batches(texts, (list, size) -> TokenBatch.sameLength(tokenizer, list, size)));
        List<String> batchingNames = List.of("padded to each list's longest", "one length per pass");
        List<Engine> engines = List.of(ours, onnxRuntime);
        List<String> engineNames = List.of("espalier", "onnxruntime");
        double[][] fastest = new double[engines.size()][batchings.size()];
        for (int round = 0; round < ROUNDS; round++) {
            for (int e = 0; e < engines.size(); e++) {
                for (int b = 0; b < batchings.size(); b++) {
                    double seconds = secondsToRun(engines.get(e), batchings.get(b));
                    fastest[e][b] = round == 0 ? seconds : Math.min(fastest[e][b], seconds);
                }
            }
        }
        List<Result> results = new ArrayList<>();
        for (int e = 0; e < engines.size(); e++) {
            for (int b = 0; b < batchings.size(); b++) {
                List<TokenBatch> passes = batchings.get(b);
                results.add(new Result(
                        engineNames.get(e),
                        threads,
                        batchingNames.get(b),
                        passes.size(),
                        passes.stream()
                                .mapToLong(p -> (long) p.size() * p.sequence())
                                .sum(),
                        passes.stream().mapToLong(TokenBatch::tokens).sum(),
                        TEXTS / fastest[e][b]));
            }
        }
        return results;
    }

    private static List<TokenBatch> batches(
            List<String> texts, BiFunction<List<String>, Integer, List<TokenBatch>> batching) {
        List<TokenBatch> batches = new ArrayList<>();
        for (int from = 0; from < texts.size(); from += LIST_SIZE) {
            batches.addAll(batching.apply(texts.subList(from, Math.min(texts.size(), from + LIST_SIZE)), LIST_SIZE));
        }
        return batches;
    }

    private static double secondsToRun(Engine engine, List<TokenBatch> batches) throws Exception {
        List<Shape.TokenBatch> inputs =
                batches.stream().map(Shape.TokenBatch::of).toList();
        long start = System.nanoTime();
        for (Shape.TokenBatch input : inputs) {
            engine.run(input);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** The tokenizer compiled into our fp32 artifact: both engines get the token ids our embed() computes. */
    private static Tokenizer artifactTokenizer() throws IOException {
        try (InputStream in = MixedLengthEmbedding.class.getResourceAsStream(Precision.FP32.artifactResource);
                ModelArtifact artifact = ModelArtifact.read(in, Precision.FP32.artifactResource)) {
            return Tokenizers.read(artifact.section("tokenizer")
                    .orElseThrow(() -> new IllegalStateException("The fp32 artifact has no tokenizer")));
        }
    }
}
