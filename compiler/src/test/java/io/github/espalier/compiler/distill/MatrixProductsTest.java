package io.github.espalier.compiler.distill;

import static io.github.espalier.compiler.distill.GradientCheck.gaussian;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.github.espalier.runtime.exec.ComputePool;
import java.util.Arrays;
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
    void timesPackedPlusBiasMatchesNaiveProduct(int m, int k, int n) {
        Random random = new Random(m * 31 + k);
        float[] a = gaussian(random, m * k);
        float[] b = gaussian(random, k * n);
        float[] bias = gaussian(random, n);

        float[] c = products.times(a, m, products.pack(b, k, n), bias);

        float[] biasOnEveryRow = new float[m * n];
        for (int i = 0; i < m * n; i++) {
            biasOnEveryRow[i] = bias[i % n];
        }
        assertNear(c, naive(a, false, b, false, m, k, n), biasOnEveryRow);
    }

    @ParameterizedTest
    @CsvSource({"37, 19, 45", "1, 1, 1", "64, 32, 96", "5, 70, 33"})
    void timesPackedTransposeMatchesNaiveProduct(int m, int k, int n) {
        Random random = new Random(m * 37 + k);
        float[] a = gaussian(random, m * k);
        float[] b = gaussian(random, n * k);

        float[] c = products.times(a, m, products.packTransposed(b, n, k), null);

        assertNear(c, naive(a, false, b, true, m, k, n), new float[m * n]);
    }

    @ParameterizedTest
    @CsvSource({"37, 19, 45", "1, 1, 1", "64, 32, 96", "70, 5, 33"})
    void addGradientsAddsTransposedProductAndColumnSumsToWhatIsThere(int m, int k, int n) {
        Random random = new Random(m * 41 + k);
        float[] x = gaussian(random, m * k);
        float[] dy = gaussian(random, m * n);
        float[] weightsBefore = gaussian(random, k * n);
        float[] biasBefore = gaussian(random, n);
        float[] weightGradient = weightsBefore.clone();
        float[] biasGradient = biasBefore.clone();

        products.addGradients(products.transposeWithOnes(x, m, k), dy, n, weightGradient, biasGradient);

        // xᵀ·dy is the [k, m] · [m, n] product of the transpose of x; the column sums are 1ᵀ·dy
        assertNear(weightGradient, naive(x, true, dy, false, k, m, n), weightsBefore);
        float[] ones = new float[m];
        Arrays.fill(ones, 1f);
        assertNear(biasGradient, naive(ones, false, dy, false, 1, m, n), biasBefore);
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        Random random = new Random(7);
        int m = 150;
        int k = 70;
        int n = 130;
        float[] x = gaussian(random, m * k);
        float[] dy = gaussian(random, m * n);
        float[] serial = new float[k * n];
        float[] serialBias = new float[n];
        try (ComputePool single = ComputePool.create(1)) {
            MatrixProducts oneThread = new MatrixProducts(single);
            oneThread.addGradients(oneThread.transposeWithOnes(x, m, k), dy, n, serial, serialBias);
        }
        float[] parallel = new float[k * n];
        float[] parallelBias = new float[n];
        products.addGradients(products.transposeWithOnes(x, m, k), dy, n, parallel, parallelBias);

        assertThat(parallel).containsExactly(serial);
        assertThat(parallelBias).containsExactly(serialBias);
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
