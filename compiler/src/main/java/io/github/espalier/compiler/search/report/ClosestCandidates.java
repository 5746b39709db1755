package io.github.espalier.compiler.search.report;

import io.github.espalier.compiler.search.Candidate;
import io.github.espalier.compiler.search.SearchReport;
import java.util.Comparator;
import java.util.List;

/**
 * When nothing met both the budget and the minimum fidelity, the near misses on either side: what a user would
 * get by loosening the budget, and what by accepting less fidelity.
 *
 * @param fastestFaithful the fastest candidates with at least the minimum mean cosine, fastest first
 * @param mostFaithfulWithinBudget the most faithful scored candidates within the budget, most faithful first
 */
record ClosestCandidates(List<Candidate> fastestFaithful, List<Candidate> mostFaithfulWithinBudget) {
    static ClosestCandidates of(SearchReport report, int limit) {
        List<Candidate> scored = report.candidates().stream()
                .filter(candidate -> candidate.fidelity() != null)
                .toList();
        List<Candidate> fastestFaithful = scored.stream()
                .filter(candidate ->
                        candidate.fidelity().meanCosine() >= report.settings().minFidelity())
                .sorted(Comparator.comparingDouble(Candidate::latencyMs))
                .limit(limit)
                .toList();
        List<Candidate> mostFaithfulWithinBudget = scored.stream()
                .filter(candidate -> Budget.fits(candidate, report.settings()))
                .sorted(Comparator.comparingDouble(
                                (Candidate candidate) -> candidate.fidelity().meanCosine())
                        .reversed())
                .limit(limit)
                .toList();
        return new ClosestCandidates(fastestFaithful, mostFaithfulWithinBudget);
    }
}
