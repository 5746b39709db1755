package io.github.espalier.compiler.search;

import java.time.Duration;
import java.util.List;

/**
 * Everything a search found, for the HTML and JSON report.
 *
 * @param modelName the checkpoint searched
 * @param machine the CPU and JVM the latencies were measured on
 * @param settings what was asked
 * @param original the unpruned model: its measured latency, fidelity 1
 * @param candidates every variant built, in the order they were scored
 * @param chosen the variant compiled, or null when none met the budget and minimum fidelity
 * @param heldOut the chosen variant's fidelity on held-out text the search never saw, or null
 * @param elapsed how long the search took
 */
public record SearchReport(
        String modelName,
        String machine,
        SearchSettings settings,
        Candidate original,
        List<Candidate> candidates,
        Candidate chosen,
        Fidelity heldOut,
        Duration elapsed) {
    public SearchReport {
        candidates = List.copyOf(candidates);
    }
}
