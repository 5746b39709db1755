package io.github.espalier.compiler.search.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.espalier.compiler.search.Architecture;
import io.github.espalier.compiler.search.Candidate;
import io.github.espalier.compiler.search.Fidelity;
import io.github.espalier.compiler.search.LayerShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParetoFrontTest {
    @Test
    void noCandidatesMakeNoFront() {
        assertThat(ParetoFront.of(List.of())).isEmpty();
    }

    @Test
    void aSingleScoredCandidateIsTheFront() {
        Candidate only = candidate(10, 0.9);

        assertThat(ParetoFront.of(List.of(only))).containsExactly(only);
    }

    @Test
    void keepsOnlyUndominatedCandidatesFastestFirst() {
        Candidate fastest = candidate(5, 0.80);
        Candidate middle = candidate(10, 0.90);
        Candidate slowerAndWorse = candidate(12, 0.85);
        Candidate best = candidate(20, 0.99);
        Candidate slowestAndNoBetter = candidate(25, 0.99);

        assertThat(ParetoFront.of(List.of(best, slowerAndWorse, slowestAndNoBetter, fastest, middle)))
                .containsExactly(fastest, middle, best);
    }

    @Test
    void ofTwoEquallyFastTheMoreFaithfulWins() {
        Candidate worse = candidate(10, 0.90);
        Candidate better = candidate(10, 0.95);

        assertThat(ParetoFront.of(List.of(worse, better))).containsExactly(better);
    }

    @Test
    void ofExactTiesOnlyTheFirstIsKept() {
        Candidate first = new Candidate(Architecture.uniform(2, new LayerShape(4, 512)), 10, null, fidelity(0.9));
        Candidate second = new Candidate(Architecture.uniform(2, new LayerShape(6, 256)), 10, null, fidelity(0.9));

        assertThat(ParetoFront.of(List.of(first, second))).containsExactly(first);
    }

    @Test
    void candidatesThatWereNeverScoredAreLeftOut() {
        Candidate unscored = new Candidate(Architecture.uniform(2, new LayerShape(1, 64)), 1, null, null);
        Candidate scored = candidate(10, 0.9);

        assertThat(ParetoFront.of(List.of(unscored, scored))).containsExactly(scored);
    }

    @Test
    void aMeasurementOutranksThePrediction() {
        // Predicted fast, measured slow: the faster-predicted candidate loses to the truly faster one.
        Candidate predictedFastMeasuredSlow =
                new Candidate(Architecture.uniform(2, new LayerShape(8, 512)), 5, 15.0, fidelity(0.90));
        Candidate trulyFaster = new Candidate(Architecture.uniform(2, new LayerShape(6, 512)), 8, 9.0, fidelity(0.92));

        assertThat(ParetoFront.of(List.of(predictedFastMeasuredSlow, trulyFaster)))
                .containsExactly(trulyFaster);
    }

    @Test
    void agreesWithTheDefinitionOnRandomCandidates() {
        Random random = new Random(3);
        for (int round = 0; round < 200; round++) {
            List<Candidate> candidates = new ArrayList<>();
            int count = random.nextInt(30);
            for (int i = 0; i < count; i++) {
                // Few distinct values, so ties on either axis are common.
                candidates.add(candidate(random.nextInt(8), random.nextInt(6) / 10.0));
            }

            List<Candidate> front = ParetoFront.of(candidates);

            for (Candidate candidate : candidates) {
                boolean dominated = candidates.stream().anyMatch(other -> dominates(other, candidate));
                boolean equalToAnEarlierOne = candidates.subList(0, candidates.indexOf(candidate)).stream()
                        .anyMatch(other -> sameScores(other, candidate));
                assertThat(front.contains(candidate))
                        .as("%s in %s", candidate, candidates)
                        .isEqualTo(!dominated && !equalToAnEarlierOne);
            }
            for (int i = 1; i < front.size(); i++) {
                assertThat(front.get(i).latencyMs())
                        .isGreaterThan(front.get(i - 1).latencyMs());
                assertThat(cosine(front.get(i))).isGreaterThan(cosine(front.get(i - 1)));
            }
        }
    }

    private static boolean dominates(Candidate a, Candidate b) {
        return a.latencyMs() <= b.latencyMs()
                && cosine(a) >= cosine(b)
                && (a.latencyMs() < b.latencyMs() || cosine(a) > cosine(b));
    }

    private static boolean sameScores(Candidate a, Candidate b) {
        return a.latencyMs() == b.latencyMs() && cosine(a) == cosine(b);
    }

    private static double cosine(Candidate candidate) {
        return candidate.fidelity().meanCosine();
    }

    /** Every candidate gets its own architecture, so that equal scores do not make equal records. */
    private int nextHeads = 1;

    private Candidate candidate(double latencyMs, double meanCosine) {
        return new Candidate(
                Architecture.uniform(1, new LayerShape(nextHeads++, 64)), latencyMs, latencyMs, fidelity(meanCosine));
    }

    private static Fidelity fidelity(double meanCosine) {
        return new Fidelity(meanCosine, meanCosine - 0.05, 0.8);
    }
}
