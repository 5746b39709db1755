package io.github.espalier.compiler.search;

/**
 * One variant the search built and scored.
 *
 * @param architecture what it keeps
 * @param predictedMs latency the latency model predicts for the budgeted shape
 * @param measuredMs median latency of the real compiled variant, or null when it was not timed
 * @param fidelity against the original model on validation text, after least-squares repair, or null when
 *     it was not scored
 * @param distilled the same after distillation, or null when it was not distilled
 */
public record Candidate(
        Architecture architecture, double predictedMs, Double measuredMs, Fidelity fidelity, Fidelity distilled) {
    public Candidate(Architecture architecture, double predictedMs, Double measuredMs, Fidelity fidelity) {
        this(architecture, predictedMs, measuredMs, fidelity, null);
    }

    /** The measured latency where there is one, else the prediction. */
    public double latencyMs() {
        return measuredMs != null ? measuredMs : predictedMs;
    }

    /** How far the latency model's prediction fell short of the timing (below 1) or over it; for timed ones only. */
    double predictedOverMeasured() {
        return predictedMs / measuredMs;
    }

    public Candidate withDistilled(Fidelity afterDistillation) {
        return new Candidate(architecture, predictedMs, measuredMs, fidelity, afterDistillation);
    }
}
