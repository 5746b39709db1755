package io.github.espalier.compiler.search.report;

import io.github.espalier.compiler.search.Candidate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The candidates worth choosing between: those no other candidate beats on both latency and mean cosine.
 *
 * <p>Latency is {@link Candidate#latencyMs()}, measured where there is a measurement, so a front point may rest on a
 * prediction. Candidates without a fidelity score cannot be compared on quality and are left out.
 */
public final class ParetoFront {
    private ParetoFront() {}

    /**
     * The scored candidates that no other scored candidate dominates (at most as slow and at least as faithful, and
     * better on one of the two), fastest first. Of candidates equal on both, the first given is kept.
     */
    public static List<Candidate> of(Collection<Candidate> candidates) {
        List<Candidate> fastestFirst = candidates.stream()
                .filter(candidate -> candidate.fidelity() != null)
                .sorted(Comparator.comparingDouble(Candidate::latencyMs)
                        .thenComparing(Comparator.comparingDouble(ParetoFront::meanCosine)
                                .reversed()))
                .toList();
        // Sorted so, a candidate is on the front exactly when it beats the cosine of every faster one.
        List<Candidate> front = new ArrayList<>();
        for (Candidate candidate : fastestFirst) {
            if (front.isEmpty() || meanCosine(candidate) > meanCosine(front.getLast())) {
                front.add(candidate);
            }
        }
        return List.copyOf(front);
    }

    private static double meanCosine(Candidate candidate) {
        return candidate.fidelity().meanCosine();
    }
}
