package io.github.espalier.compiler.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.espalier.runtime.exec.ComputePool;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RidgeRegressionTest {
    @Test
    void recoversAnExactLinearMapAndItsBias() {
        Random random = new Random(7);
        int rows = 2000;
        int xCols = 40;
        int yCols = 24;
        float[] w = randoms(random, xCols * yCols);
        float[] b = randoms(random, yCols);
        float[] x = randoms(random, rows * xCols);
        for (int i = 0; i < x.length; i++) {
            x[i] += 3; // an offset the centring must handle
        }
        float[] y = new float[rows * yCols];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < yCols; j++) {
                double sum = b[j];
                for (int k = 0; k < xCols; k++) {
                    sum += x[r * xCols + k] * w[k * yCols + j];
                }
                y[r * yCols + j] = (float) sum;
            }
        }
        try (ComputePool pool = ComputePool.create(2)) {
            RidgeRegression.Fit fit = RidgeRegression.fit(x.clone(), rows, xCols, y, yCols, pool);
            float[] fitted = fit.weights().toFloatArray();
            float[] bias = fit.bias().toFloatArray();
            for (int i = 0; i < w.length; i++) {
                assertThat(fitted[i]).as("w[%d]", i).isCloseTo(w[i], within(0.01f));
            }
            for (int j = 0; j < yCols; j++) {
                assertThat(bias[j]).as("b[%d]", j).isCloseTo(b[j], within(0.05f));
            }
        }
    }

    @Test
    void choleskySolvesASmallSystemExactly() {
        double[] a = {4, 2, 0, 2, 5, 1, 0, 1, 3};
        double[] expected = {1, -2, 0.5, 3, 2, -1};
        double[] b = new double[6];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                for (int k = 0; k < 3; k++) {
                    b[i * 2 + j] += a[i * 3 + k] * expected[k * 2 + j];
                }
            }
        }
        try (ComputePool pool = ComputePool.create(2)) {
            Cholesky.solveInPlace(a.clone(), 3, b, 2, pool);
        }
        assertThat(b).containsExactly(expected, within(1e-12));
    }

    /** Larger than one task in both the factorization and the substitutions, so the split is exercised. */
    @Test
    void choleskySolvesASystemSplitAcrossThePool() {
        Random random = new Random(11);
        int n = 150;
        int m = 70;
        double[] factor = new double[n * n];
        for (int i = 0; i < factor.length; i++) {
            factor[i] = random.nextGaussian();
        }
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int k = 0; k < n; k++) {
                    a[i * n + j] += factor[i * n + k] * factor[j * n + k];
                }
            }
            a[i * n + i] += n;
        }
        double[] expected = new double[n * m];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = random.nextGaussian();
        }
        double[] b = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < m; j++) {
                    b[i * m + j] += a[i * n + k] * expected[k * m + j];
                }
            }
        }
        try (ComputePool pool = ComputePool.create(2)) {
            Cholesky.solveInPlace(a.clone(), n, b, m, pool);
        }
        assertThat(b).containsExactly(expected, within(1e-9));
    }

    private static float[] randoms(Random random, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
