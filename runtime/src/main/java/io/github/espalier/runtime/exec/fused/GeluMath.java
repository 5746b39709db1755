package io.github.espalier.runtime.exec.fused;

/**
 * GELU with the exact (erf) definition, {@code 0.5 x (1 + erf(x / sqrt 2))}. It is computed through
 * erfc, whose approximation (Numerical Recipes' erfcc, Chebyshev fit) has a relative error below
 * 1.2e-7 everywhere, so negative inputs, where {@code 1 + erf} cancels, keep full float accuracy.
 */
public final class GeluMath {
    private static final double INV_SQRT2 = 0.7071067811865476;

    private GeluMath() {}

    public static float gelu(float x) {
        double z = Math.abs(x) * INV_SQRT2;
        double erfc = erfc(z);
        return (float) (0.5 * x * (x >= 0 ? 2.0 - erfc : erfc));
    }

    /** erfc(z) for z >= 0. */
    static double erfc(double z) {
        double t = 1.0 / (1.0 + 0.5 * z);
        double poly = -1.26551223
                + t
                        * (1.00002368
                                + t
                                        * (0.37409196
                                                + t
                                                        * (0.09678418
                                                                + t
                                                                        * (-0.18628806
                                                                                + t
                                                                                        * (0.27886807
                                                                                                + t
                                                                                                        * (-1.13520398
                                                                                                                + t
                                                                                                                        * (1.48851587
                                                                                                                                + t
                                                                                                                                        * (-0.82215223
                                                                                                                                                + t
                                                                                                                                                        * 0.17087277))))))));
        return t * Math.exp(-z * z + poly);
    }
}
