package io.github.espalier.runtime.exec.linalg;

/**
 * GELU with the exact (erf) definition, {@code 0.5 x (1 + erf(x / sqrt 2))}. It is computed through
 * erfc, whose approximation (Numerical Recipes' erfcc, Chebyshev fit) has a relative error below
 * 1.2e-7 everywhere, so negative inputs, where {@code 1 + erf} cancels, keep full float accuracy.
 */
public final class GeluMath {
    static final double INV_SQRT2 = 0.7071067811865476;

    /** Coefficients of the erfc fit, constant term first: erfc(z) = t·exp(-z² + Σ c_i tⁱ), t = 1/(1 + z/2). */
    static final double[] ERFC_COEFFICIENTS = {
        -1.26551223,
        1.00002368,
        0.37409196,
        0.09678418,
        -0.18628806,
        0.27886807,
        -1.13520398,
        1.48851587,
        -0.82215223,
        0.17087277
    };

    private GeluMath() {}

    public static float gelu(float x) {
        double z = Math.abs(x) * INV_SQRT2;
        double erfc = erfc(z);
        return (float) (0.5 * x * (x >= 0 ? 2.0 - erfc : erfc));
    }

    /** erfc(z) for z >= 0. */
    static double erfc(double z) {
        double t = 1.0 / (1.0 + 0.5 * z);
        double poly = 0;
        for (int i = ERFC_COEFFICIENTS.length - 1; i >= 0; i--) {
            poly = poly * t + ERFC_COEFFICIENTS[i];
        }
        return t * Math.exp(-z * z + poly);
    }
}
