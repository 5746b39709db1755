package io.github.espalier.compiler.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RidgeRegressionTest {
    /** Where the original weights already explain the data, the fit keeps them, and finds the bias. */
    @Test
    void keepsAPriorThatFitsExactlyAndFindsTheBias() {
        Random random = new Random(7);
        Problem problem = Problem.exact(random, 2000, 40, 24);
        try (ComputePool pool = ComputePool.create(2)) {
            LayerProduct.Weights fit = RidgeRegression.fit(
                    problem.x.clone(),
                    problem.rows,
                    problem.xCols,
                    problem.y.clone(),
                    problem.yCols,
                    Tensor.ofFloats(problem.w, problem.xCols, problem.yCols),
                    pool);
            assertThat(fit.weights().toFloatArray()).containsExactly(problem.w, within(0.002f));
            assertThat(fit.bias().toFloatArray()).containsExactly(problem.b, within(0.01f));
        }
    }

    /**
     * Against the normal equations of ‖Xc·W − Yc‖² + λ‖W − W₀‖² solved directly in double, with a prior far
     * from the data's map, so the fit lands between the two.
     */
    @Test
    void solvesTheShrunkNormalEquations() {
        Random random = new Random(9);
        Problem problem = Problem.exact(random, 300, 12, 5);
        for (int i = 0; i < problem.y.length; i++) {
            problem.y[i] += (float) (0.5 * random.nextGaussian());
        }
        float[] prior = randoms(random, problem.xCols * problem.yCols);
        double[] expected = directSolution(problem, prior);
        try (ComputePool pool = ComputePool.create(2)) {
            float[] fitted = RidgeRegression.fit(
                            problem.x.clone(),
                            problem.rows,
                            problem.xCols,
                            problem.y.clone(),
                            problem.yCols,
                            Tensor.ofFloats(prior, problem.xCols, problem.yCols),
                            pool)
                    .weights()
                    .toFloatArray();
            for (int i = 0; i < fitted.length; i++) {
                assertThat((double) fitted[i]).as("w[%d]", i).isCloseTo(expected[i], within(1e-4));
                assertThat(Math.abs(fitted[i] - prior[i]))
                        .as("w[%d] moved from the prior", i)
                        .isPositive();
            }
        }
    }

    /**
     * A product whose input drifted: the refit from Xᵀ·X₀ alone equals the plain fit to the original product's
     * output X₀·W₀ + b₀ formed explicitly, and an input that did not drift keeps W₀ and b₀.
     */
    @Test
    void refitsADriftedInputAsIfFittingTheOriginalOutput() {
        Random random = new Random(13);
        Problem original = Problem.exact(random, 400, 16, 6);
        float[] drifted = original.x.clone();
        for (int i = 0; i < drifted.length; i++) {
            drifted[i] = 0.8f * drifted[i] + (float) (0.3 * random.nextGaussian()) + 1;
        }
        Tensor w0 = Tensor.ofFloats(original.w, original.xCols, original.yCols);
        LayerProduct.Weights originalWeights =
                new LayerProduct.Weights(w0, Tensor.ofFloats(original.b, original.yCols));
        try (ComputePool pool = ComputePool.create(2)) {
            LayerProduct.Weights refit = new RidgeRegression.DriftedInput(
                            drifted.clone(), original.x.clone(), original.rows, original.xCols, pool)
                    .refit(originalWeights, pool);
            LayerProduct.Weights fit = RidgeRegression.fit(
                    drifted.clone(), original.rows, original.xCols, original.y.clone(), original.yCols, w0, pool);
            assertThat(refit.weights().toFloatArray())
                    .containsExactly(fit.weights().toFloatArray(), within(1e-3f));
            assertThat(refit.bias().toFloatArray()).containsExactly(fit.bias().toFloatArray(), within(1e-3f));
            assertThat(refit.weights().toFloatArray()).isNotEqualTo(original.w);

            LayerProduct.Weights unchanged = new RidgeRegression.DriftedInput(
                            original.x.clone(), original.x.clone(), original.rows, original.xCols, pool)
                    .refit(originalWeights, pool);
            assertThat(unchanged.weights().toFloatArray()).containsExactly(original.w, within(1e-4f));
            assertThat(unchanged.bias().toFloatArray()).containsExactly(original.b, within(1e-3f));
        }
    }

    private static double[] directSolution(Problem problem, float[] prior) {
        int n = problem.xCols;
        int m = problem.yCols;
        double[] xc = centred(problem.x, problem.rows, n);
        double[] yc = centred(problem.y, problem.rows, m);
        double[] a = new double[n * n];
        double[] rhs = new double[n * m];
        for (int r = 0; r < problem.rows; r++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    a[i * n + j] += xc[r * n + i] * xc[r * n + j];
                }
                for (int j = 0; j < m; j++) {
                    rhs[i * m + j] += xc[r * n + i] * yc[r * m + j];
                }
            }
        }
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += a[i * n + i];
        }
        double lambda = RidgeRegression.PRIOR_TOKENS * trace / problem.rows / n;
        for (int i = 0; i < n; i++) {
            a[i * n + i] += lambda;
            for (int j = 0; j < m; j++) {
                rhs[i * m + j] += lambda * prior[i * m + j];
            }
        }
        // Gaussian elimination, independent of the Cholesky solve under test.
        for (int p = 0; p < n; p++) {
            for (int r = p + 1; r < n; r++) {
                double factor = a[r * n + p] / a[p * n + p];
                for (int c = p; c < n; c++) {
                    a[r * n + c] -= factor * a[p * n + c];
                }
                for (int j = 0; j < m; j++) {
                    rhs[r * m + j] -= factor * rhs[p * m + j];
                }
            }
        }
        double[] w = new double[n * m];
        for (int p = n - 1; p >= 0; p--) {
            for (int j = 0; j < m; j++) {
                double sum = rhs[p * m + j];
                for (int c = p + 1; c < n; c++) {
                    sum -= a[p * n + c] * w[c * m + j];
                }
                w[p * m + j] = sum / a[p * n + p];
            }
        }
        return w;
    }

    private static double[] centred(float[] m, int rows, int cols) {
        double[] out = new double[rows * cols];
        for (int c = 0; c < cols; c++) {
            double mean = 0;
            for (int r = 0; r < rows; r++) {
                mean += m[r * cols + c];
            }
            mean /= rows;
            for (int r = 0; r < rows; r++) {
                out[r * cols + c] = m[r * cols + c] - mean;
            }
        }
        return out;
    }

    /** Y = X·W + b exactly, with an offset in X that the centring must handle. */
    private record Problem(float[] x, float[] y, float[] w, float[] b, int rows, int xCols, int yCols) {
        static Problem exact(Random random, int rows, int xCols, int yCols) {
            float[] w = randoms(random, xCols * yCols);
            float[] b = randoms(random, yCols);
            float[] x = randoms(random, rows * xCols);
            for (int i = 0; i < x.length; i++) {
                x[i] += 3;
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
            return new Problem(x, y, w, b, rows, xCols, yCols);
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
