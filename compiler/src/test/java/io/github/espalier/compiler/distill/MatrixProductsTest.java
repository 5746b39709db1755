package io.github.espalier.compiler.distill;

import static io.github.espalier.compiler.distill.GradientCheck.gaussian;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.github.espalier.runtime.exec.ComputePool;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatrixProductsTest {
    private final ComputePool pool = ComputePool.create(2);
    private final MatrixProducts products = new MatrixProducts(pool);

    @AfterEach
    void closePool() {
        pool.close();
    }

    @ParameterizedTest
    @CsvSource({"37, 19, 45", "1, 1, 1", "64, 32, 96", "5, 70, 33"})
    void timesMatchesNaiveProduct(int m, int k, int n) {
        Random random = new Random(m * 31 + k);
        float[] a = gaussian(random, m * k);
        float[] b = gaussian(random, k * n);

        float[] c = products.times(a, m, k, b, n);

        assertNear(c, naive(a, false, b, false, m, k, n), new float[m * n]);
    }

    @ParameterizedTest
    @CsvSource({"37, 19, 45", "1, 1, 1", "64, 32, 96", "5, 70, 33"})
    void timesTransposedMatchesNaiveProduct(int m, int k, int n) {
        Random random = new Random(m * 37 + k);
        float[] a = gaussian(random, m * k);
        float[] b = gaussian(random, n * k);

        float[] c = products.timesTransposed(a, m, k, b, n);

        assertNear(c, naive(a, false, b, true, m, k, n), new float[m * n]);
    }

    @ParameterizedTest
    @CsvSource({"37, 19, 45", "1, 1, 1", "64, 32, 96", "70, 5, 33"})
    void addTransposedTimesAddsToWhatIsThere(int m, int k, int n) {
        Random random = new Random(m * 41 + k);
        float[] a = gaussian(random, m * k);
        float[] b = gaussian(random, m * n);
        float[] before = gaussian(random, k * n);
        float[] c = before.clone();

        products.addTransposedTimes(a, m, k, b, n, c);

        // Aᵀ·B is the [k, m] · [m, n] product of the transpose of A
        assertNear(c, naive(a, true, b, false, k, m, n), before);
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        Random random = new Random(7);
        int m = 150;
        int k = 70;
        int n = 130;
        float[] a = gaussian(random, m * k);
        float[] b = gaussian(random, m * n);
        float[] serial = new float[k * n];
        try (ComputePool single = ComputePool.create(1)) {
            new MatrixProducts(single).addTransposedTimes(a, m, k, b, n, serial);
        }
        float[] parallel = new float[k * n];
        products.addTransposedTimes(a, m, k, b, n, parallel);

        assertThat(parallel).containsExactly(serial);
    }

    /** C [m, n] = op(A) [m, k] · op(B) [k, n] in double, op transposing where asked. */
    private static double[] naive(float[] a, boolean aT, float[] b, boolean bT, int m, int k, int n) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int t = 0; t < k; t++) {
                    sum += (double) (aT ? a[t * m + i] : a[i * k + t]) * (bT ? b[j * k + t] : b[t * n + j]);
                }
                c[i * n + j] = sum;
            }
        }
        return c;
    }

    private static void assertNear(float[] actual, double[] product, float[] base) {
        assertThat(actual).hasSize(product.length);
        for (int i = 0; i < product.length; i++) {
            assertThat((double) actual[i]).as("element %d", i).isCloseTo(base[i] + product[i], offset(1e-3));
        }
    }
}
