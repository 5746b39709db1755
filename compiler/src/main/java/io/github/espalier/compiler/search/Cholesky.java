package io.github.espalier.compiler.search;

/** Solves A·X = B for a symmetric positive definite A, by Cholesky factorization A = L·Lᵀ. */
final class Cholesky {
    private Cholesky() {}

    /**
     * Overwrites {@code a} [n, n] with L (lower triangle) and {@code b} [n, m] with X, both row-major. The
     * loops run along contiguous rows so the JIT vectorizes them.
     *
     * @throws ArithmeticException when A is not positive definite
     */
    static void solveInPlace(double[] a, int n, double[] b, int m) {
        for (int j = 0; j < n; j++) {
            double diagonal = a[j * n + j] - dot(a, j * n, j * n, j);
            if (!(diagonal > 0)) {
                throw new ArithmeticException("Matrix is not positive definite at column " + j);
            }
            double pivot = Math.sqrt(diagonal);
            a[j * n + j] = pivot;
            for (int i = j + 1; i < n; i++) {
                a[i * n + j] = (a[i * n + j] - dot(a, i * n, j * n, j)) / pivot;
            }
        }
        // L·Z = B, forward, row by row
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < i; k++) {
                axpy(-a[i * n + k], b, k * m, i * m, m);
            }
            scale(b, i * m, m, 1 / a[i * n + i]);
        }
        // Lᵀ·X = Z, backward
        for (int i = n - 1; i >= 0; i--) {
            scale(b, i * m, m, 1 / a[i * n + i]);
            for (int k = 0; k < i; k++) {
                axpy(-a[i * n + k], b, i * m, k * m, m);
            }
        }
    }

    private static double dot(double[] a, int row1, int row2, int length) {
        double sum = 0;
        for (int k = 0; k < length; k++) {
            sum += a[row1 + k] * a[row2 + k];
        }
        return sum;
    }

    /** b[to..] += factor · b[from..] over {@code length} entries. */
    private static void axpy(double factor, double[] b, int from, int to, int length) {
        for (int c = 0; c < length; c++) {
            b[to + c] += factor * b[from + c];
        }
    }

    private static void scale(double[] b, int start, int length, double factor) {
        for (int c = 0; c < length; c++) {
            b[start + c] *= factor;
        }
    }
}
