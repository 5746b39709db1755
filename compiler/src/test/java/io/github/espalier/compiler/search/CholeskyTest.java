package io.github.espalier.compiler.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.espalier.runtime.exec.ComputePool;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class CholeskyTest {
    private static final ComputePool POOL = ComputePool.create(2);
    private final Random random = new Random(11);

    @AfterAll
    static void close() {
        POOL.close();
    }

    /**
     * Sizes below, at and across the 64-row blocks, with a ragged last block, and right sides narrower and
     * wider than one task's 64 columns: A·X must give back B.
     */
    @Test
    void solutionReproducesTheRightSide() {
        for (int n : new int[] {1, 37, 64, 65, 200}) {
            for (int m : new int[] {1, 5, 70}) {
                double[] a = positiveDefinite(n);
                double[] b = randoms(n * m);
                double[] x = b.clone();

                Cholesky.solveInPlace(a.clone(), n, x, m, POOL);

                assertThat(times(a, n, x, m)).as("n %d, m %d", n, m).containsExactly(b, within(1e-9));
            }
        }
    }

    @Test
    void matrixThatIsNotPositiveDefiniteIsRefusedWithItsColumn() {
        int n = 70;
        double[] a = positiveDefinite(n);
        // Row and column 66 equal to row and column 65: singular, found in the second block.
        for (int i = 0; i < n; i++) {
            a[i * n + 66] = a[i * n + 65];
        }
        for (int j = 0; j < n; j++) {
            a[66 * n + j] = a[65 * n + j];
        }

        assertThatThrownBy(() -> Cholesky.solveInPlace(a, n, new double[n], 1, POOL))
                .isInstanceOf(ArithmeticException.class)
                .hasMessage("Matrix is not positive definite at column 66");
    }

    /** Blocks of whole register tiles and ragged edges on every side, with offsets and row strides. */
    @Test
    void kernelsSubtractTheProductFromTheirBlock() {
        for (MultiplySubtract kernel :
                new MultiplySubtract[] {new MultiplySubtract.Scalar(), MultiplySubtract.best()}) {
            for (int[] shape : new int[][] {{4, 3, 16}, {9, 20, 37}, {1, 1, 1}, {13, 0, 40}}) {
                int rows = shape[0];
                int depth = shape[1];
                int cols = shape[2];
                int lda = depth + 3;
                int ldb = cols + 5;
                int ldc = cols + 2;
                double[] a = randoms(2 + rows * lda);
                double[] b = randoms(7 + depth * ldb);
                double[] c = randoms(1 + rows * ldc);
                double[] expected = c.clone();
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        for (int k = 0; k < depth; k++) {
                            expected[1 + i * ldc + j] -= a[2 + i * lda + k] * b[7 + k * ldb + j];
                        }
                    }
                }

                kernel.apply(
                        new MultiplySubtract.Strided(a, 2, lda),
                        new MultiplySubtract.Strided(b, 7, ldb),
                        new MultiplySubtract.Strided(c, 1, ldc),
                        rows,
                        depth,
                        cols);

                assertThat(c)
                        .as("%s, %d x %d x %d", kernel.getClass().getSimpleName(), rows, depth, cols)
                        .containsExactly(expected, within(1e-12));
            }
        }
    }

    /** XᵀX + n·I for a random X: symmetric and well conditioned. */
    private double[] positiveDefinite(int n) {
        double[] x = randoms(2 * n * n);
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = i == j ? n : 0;
                for (int r = 0; r < 2 * n; r++) {
                    sum += x[r * n + i] * x[r * n + j];
                }
                a[i * n + j] = sum;
            }
        }
        return a;
    }

    private static double[] times(double[] a, int n, double[] x, int m) {
        double[] result = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < m; j++) {
                    result[i * m + j] += a[i * n + k] * x[k * m + j];
                }
            }
        }
        return result;
    }

    private double[] randoms(int length) {
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = random.nextGaussian();
        }
        return values;
    }
}
