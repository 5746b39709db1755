package io.github.espalier.compiler.search.report;

import java.time.Duration;
import java.util.Locale;

/** The report's numbers as text, the same on every machine whatever its locale. */
final class Formats {
    /** Shown where a value is missing: not timed, not scored. */
    static final String NONE = "\u2014";

    private Formats() {}

    static String ms(double milliseconds) {
        return fixed(milliseconds, 2);
    }

    static String cosine(double cosine) {
        return fixed(cosine, 4);
    }

    static String recall(double recall) {
        return fixed(recall, 3);
    }

    static String percent(double percent) {
        return withUnit(percent, 1, " %");
    }

    static String signedPercent(double percent) {
        return (percent > 0 ? "+" : "") + percent(percent);
    }

    static String speedUp(double factor) {
        return withUnit(factor, 2, "\u00d7");
    }

    static String fixed(double value, int decimals) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%." + decimals + "f", value) : NONE;
    }

    /** A missing value shows as the dash alone, without its unit. */
    private static String withUnit(double value, int decimals, String unit) {
        return Double.isFinite(value) ? fixed(value, decimals) + unit : NONE;
    }

    /** E.g. {@code "42.0 s"}, {@code "3 min 05 s"}, {@code "1 h 02 min"}. */
    static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return fixed(duration.toMillis() / 1000.0, 1) + " s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }
}
