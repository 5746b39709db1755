package io.github.espalier.runtime.exec.linalg;

/** An independent GELU for tests: erf from its Taylor series (small z) or erfc's continued fraction (large z). */
public final class GeluReference {
    private GeluReference() {}

    /** 0.5 x erfc(-x / sqrt 2), in doubles. */
    public static double gelu(double x) {
        double z = Math.abs(x) / Math.sqrt(2);
        double erfc = z < 2 ? 1 - erfSeries(z) : erfcContinuedFraction(z);
        return 0.5 * x * (x >= 0 ? 2 - erfc : erfc);
    }

    private static double erfSeries(double z) {
        double sum = 0;
        double term = z;
        for (int n = 0; n < 60; n++) {
            sum += term / (2 * n + 1);
            term *= -z * z / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    private static double erfcContinuedFraction(double z) {
        double f = z;
        for (int n = 200; n >= 1; n--) {
            f = z + (n / 2.0) / f;
        }
        return Math.exp(-z * z) / (Math.sqrt(Math.PI) * f);
    }
}
