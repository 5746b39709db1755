package io.github.espalier.compiler.search;

import io.github.espalier.compiler.CompileRequest;
import java.nio.file.Path;

/**
 * A search, as the {@code search} goal asks for it.
 *
 * @param compile the model and how to compile the chosen variant (class name, tokenizer, folders…)
 * @param budget the latency budget for one call of the budgeted shape; null only to write a probe bundle
 * @param settings shape, threads, minimum fidelity, time and seed ({@code latencyBudgetMs} is ignored:
 *     the budget is resolved once the unpruned model is timed)
 * @param calibration a text file, one text a line; null for the built-in corpus
 * @param latencyTable a table measured with LatencyProbe on the deployment machine; null to measure here
 * @param texts how many texts calibrate, validate and report fidelity
 * @param reportDirectory where report.html and report.json go
 * @param cacheDirectory where the measured latency table is cached between builds
 * @param distill whether the finalists are distilled against the original model within the search time
 * @param trainingTexts texts the finalists train on when {@code distill} is on: the calibration texts, then
 *     more of the corpus
 */
public record SearchRequest(
        CompileRequest compile,
        LatencyBudget budget,
        SearchSettings settings,
        Path calibration,
        Path latencyTable,
        TextCounts texts,
        Path reportDirectory,
        Path cacheDirectory,
        boolean distill,
        int trainingTexts) {
    /** The goals' default {@code trainingTexts}. */
    public static final int DEFAULT_TRAINING_TEXTS = 4096;

    /** How many distinct texts each part of the corpus gets. */
    public record TextCounts(int calibration, int validation, int heldOut) {
        public static final TextCounts DEFAULT = new TextCounts(128, 300, 2000);
    }
}
