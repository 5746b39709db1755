package io.github.espalier.compiler.distill;

import io.github.espalier.compiler.CompileRequest;
import io.github.espalier.compiler.search.Architecture;
import io.github.espalier.compiler.search.SearchRequest;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A distillation, as the {@code distill} goal asks for it.
 *
 * @param compile the model and how to compile the student (class name, tokenizer, folders…)
 * @param architecture what the student keeps of each layer, e.g. {@code "12h/1536 dropped 12h/1536 …"}
 * @param trainingTime how long training may take, the teacher's pass over the text excluded
 * @param threads compute threads to train on
 * @param seed the corpus split and the order of the batches
 * @param calibration a text file, one text a line; null for the built-in corpus
 * @param texts how many texts calibrate the pruning's repair, validate, and report held-out fidelity
 * @param trainingTexts texts to train on: the calibration text and then more of the corpus, never the
 *     validation or held-out text
 */
public record DistillRequest(
        CompileRequest compile,
        Architecture architecture,
        Duration trainingTime,
        int threads,
        long seed,
        Path calibration,
        SearchRequest.TextCounts texts,
        int trainingTexts) {
    /**
     * The {@code distill} goal's text counts: eight times the search's calibration texts, as the repair runs
     * once here (docs/distillation.md).
     */
    public static final SearchRequest.TextCounts DEFAULT_TEXTS = new SearchRequest.TextCounts(1024, 300, 2000);
}
