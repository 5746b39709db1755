package io.github.espalier.compiler.search;

/**
 * One variant the search built and scored.
 *
 * @param architecture what it keeps
 * @param predictedMs latency the latency model predicts for the budgeted shape
 * @param measuredMs median latency of the real compiled variant, or null when it was not timed
 * @param fidelity against the original model on validation text, or null when it was not scored
 */
public record Candidate(Architecture architecture, double predictedMs, Double measuredMs, Fidelity fidelity) {
    /** The measured latency where there is one, else the prediction. */
    public double latencyMs() {
        return measuredMs != null ? measuredMs : predictedMs;
    }
}
