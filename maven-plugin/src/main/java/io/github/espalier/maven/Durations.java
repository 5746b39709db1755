package io.github.espalier.maven;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.apache.maven.plugin.MojoFailureException;

/** Reads the goals' time parameters: ISO-8601 ({@code PT10M}) or minutes and seconds ({@code 10m}, {@code 1m30s}). */
final class Durations {
    private Durations() {}

    /**
     * @param parameterName the parameter the text came from, named in the error
     * @throws MojoFailureException when the text is not a duration, or is not positive
     */
    static Duration parse(String parameterName, String text) throws MojoFailureException {
        if (text == null || text.isBlank()) {
            throw new MojoFailureException(
                    "<" + parameterName + "> is empty: give a duration such as 10m, 90s, 1m30s or PT10M");
        }
        String upper = text.strip().toUpperCase(Locale.ROOT);
        Duration duration;
        try {
            duration = Duration.parse(upper.startsWith("P") ? upper : "PT" + upper);
        } catch (DateTimeParseException e) {
            throw new MojoFailureException(
                    "<" + parameterName + "> '" + text + "' is not a duration: use e.g. 10m, 90s, 1m30s or PT10M", e);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new MojoFailureException("<" + parameterName + "> must be positive, got " + text);
        }
        return duration;
    }
}
