package io.github.espalier.compiler.search;

import java.util.Locale;

/**
 * The latency a variant may take: milliseconds ({@code 8}, {@code 8ms}) or a share of the unpruned model's
 * latency measured on the build machine ({@code 50%}), which keeps a build portable across machines.
 */
public record LatencyBudget(double value, boolean relative) {
    public static LatencyBudget parse(String text) {
        String trimmed = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        boolean relative = trimmed.endsWith("%");
        String number = relative ? trimmed.substring(0, trimmed.length() - 1) : trimmed.replaceFirst("ms$", "");
        double value;
        try {
            value = Double.parseDouble(number.strip());
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!(value > 0) || Double.isInfinite(value) || (relative && value >= 100)) {
            throw new SearchException("latencyBudget '" + text + "' is not a latency: give milliseconds (e.g. 8 or 8ms)"
                    + " or a share of the unpruned model's latency below 100% (e.g. 50%)");
        }
        return new LatencyBudget(value, relative);
    }

    /** The budget in milliseconds, given the unpruned model's measured latency. */
    public double milliseconds(double originalMs) {
        return relative ? originalMs * value / 100 : value;
    }

    @Override
    public String toString() {
        return relative ? value + "%" : value + " ms";
    }
}
