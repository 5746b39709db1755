package io.github.espalier.compiler.search;

import java.time.Duration;

/**
 * What the user asked the search for.
 *
 * @param latencyBudgetMs the median latency a variant may take for one batch of the given shape
 * @param batchSize texts per call in the budgeted shape
 * @param sequenceLength tokens per text in the budgeted shape
 * @param threads compute threads the model will run with
 * @param minFidelity the least mean cosine a variant may have to be chosen
 * @param searchTime how long the search may take, measurement included
 * @param seed makes every random choice of the search reproducible
 */
public record SearchSettings(
        double latencyBudgetMs,
        int batchSize,
        int sequenceLength,
        int threads,
        double minFidelity,
        Duration searchTime,
        long seed) {}
