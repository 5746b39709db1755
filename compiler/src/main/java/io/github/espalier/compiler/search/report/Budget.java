package io.github.espalier.compiler.search.report;

import io.github.espalier.compiler.search.Candidate;
import io.github.espalier.compiler.search.SearchSettings;

/** Whether a candidate meets the asked latency, judged as the search judges it: measured latency first. */
final class Budget {
    private Budget() {}

    static boolean fits(Candidate candidate, SearchSettings settings) {
        return candidate.latencyMs() <= settings.latencyBudgetMs();
    }
}
