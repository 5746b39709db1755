package io.github.espalier.compiler.search;

import io.github.espalier.compiler.CompileRequest;
import io.github.espalier.compiler.ir.Graph;
import io.github.espalier.compiler.onnx.OnnxImporter;
import io.github.espalier.compiler.passes.Optimizer;
import io.github.espalier.compiler.tokenizer.TokenizerImporter;
import io.github.espalier.runtime.tokenizer.Tokenizer;
import io.github.espalier.runtime.tokenizer.Tokenizers;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;

/**
 * What the search and distillation start from: the model fused as the compiler fuses it, its tokenizer, and
 * the corpus split into calibration, validation and held-out text.
 */
public record PreparedModel(Graph fused, Tokenizer tokenizer, TextCorpus.Split split) {
    /**
     * @param calibration a text file, one text a line; null for the built-in corpus
     * @param goal the goal's name, for the error when the tokenizer is missing
     * @throws SearchException when the request has no tokenizer or the corpus is too small
     */
    public static PreparedModel of(
            CompileRequest compile, Path calibration, SearchRequest.TextCounts counts, long seed, String goal) {
        if (compile.tokenizerFile() == null) {
            throw new SearchException("The " + goal + " goal embeds text to measure fidelity, so it needs the"
                    + " model's tokenizer.json; set <tokenizer> or use a model jar that holds one");
        }
        Graph fused = Optimizer.fusing().optimize(OnnxImporter.importModel(compile.modelFile()));
        Tokenizer tokenizer = Tokenizers.read(MemorySegment.ofArray(
                TokenizerImporter.importJson(compile.tokenizerFile(), compile.maxSequenceLength())));
        List<String> corpus = calibration == null ? TextCorpus.builtIn() : TextCorpus.read(calibration);
        return new PreparedModel(
                fused,
                tokenizer,
                TextCorpus.split(corpus, seed, counts.calibration(), counts.validation(), counts.heldOut()));
    }

    /** The model's first output, the hidden states that sentence embeddings are pooled from. */
    public String output() {
        return fused.outputs().getFirst().name();
    }
}
