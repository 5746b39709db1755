package io.github.espalier.compiler.search.report;

import io.github.espalier.compiler.search.Candidate;
import java.util.List;
import java.util.Optional;

/**
 * How well the latency model predicted the candidates that were also timed for real.
 *
 * @param compared how many candidates had both a prediction and a measurement
 * @param meanAbsolutePercentError mean of |predicted - measured| / measured, in percent
 * @param meanSignedPercentError mean of (predicted - measured) / measured, in percent: below zero, the model is
 *     optimistic and predicts variants faster than they run
 */
record LatencyModelCheck(int compared, double meanAbsolutePercentError, double meanSignedPercentError) {

    /** The check over the candidates that were measured, or empty when none was. */
    static Optional<LatencyModelCheck> of(List<Candidate> candidates) {
        List<Double> errors = candidates.stream()
                .filter(candidate -> candidate.measuredMs() != null)
                .map(candidate -> 100 * (candidate.predictedMs() - candidate.measuredMs()) / candidate.measuredMs())
                .toList();
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        double absolute = errors.stream().mapToDouble(Math::abs).average().orElseThrow();
        double signed =
                errors.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return Optional.of(new LatencyModelCheck(errors.size(), absolute, signed));
    }
}
