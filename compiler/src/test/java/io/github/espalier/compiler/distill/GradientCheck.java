package io.github.espalier.compiler.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.Random;
import java.util.function.DoubleSupplier;

/** Central-difference gradients in double, against which the hand-written backward passes are checked. */
final class GradientCheck {
    private GradientCheck() {}

    /** d objective / d x[i] for every i, moving x[i] by about ±step in place and restoring it. */
    static double[] numeric(float[] x, DoubleSupplier objective, float step) {
        double[] gradient = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            float original = x[i];
            float plus = original + step;
            float minus = original - step;
            x[i] = plus;
            double up = objective.getAsDouble();
            x[i] = minus;
            double down = objective.getAsDouble();
            x[i] = original;
            gradient[i] = (up - down) / ((double) plus - minus);
        }
        return gradient;
    }

    /**
     * Each analytic element within {@code tolerance} of the numeric one, relative to the larger of its own size
     * and a tenth of the largest; the numeric gradient must not vanish, so the check cannot pass vacuously.
     */
    static void assertMatches(String what, float[] analytic, double[] numeric, double tolerance) {
        assertThat(analytic).as(what).hasSize(numeric.length);
        double largest = 0;
        for (double value : numeric) {
            largest = Math.max(largest, Math.abs(value));
        }
        assertThat(largest).as(what + ": largest numeric gradient").isGreaterThan(1e-3);
        for (int i = 0; i < numeric.length; i++) {
            double allowed = tolerance * Math.max(Math.abs(numeric[i]), 0.1 * largest);
            assertThat((double) analytic[i]).as("%s[%d]", what, i).isCloseTo(numeric[i], offset(allowed));
        }
    }

    /** Σ r·y in double: a scalar objective whose gradient with respect to y is r. */
    static double weightedSum(float[] r, float[] y) {
        assertThat(y).hasSize(r.length);
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += (double) r[i] * y[i];
        }
        return sum;
    }

    static float[] gaussian(Random random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    static Parameter parameter(Random random, String name, int n) {
        return new Parameter(name, gaussian(random, n), true);
    }
}
