package io.github.espalier.compiler.search;

import io.github.espalier.runtime.exec.ComputePool;

/** Solves A·X = B for a symmetric positive definite A, by Cholesky factorization A = L·Lᵀ. */
final class Cholesky {
    /** Rows of L per task: enough dot products to outweigh handing the task to a worker. */
    private static final int ROWS_PER_TASK = 64;
    /** Columns of B per task in the substitutions, which run independently column by column. */
    private static final int COLUMNS_PER_TASK = 64;

    private Cholesky() {}

    /**
     * Overwrites {@code a} [n, n] with L (lower triangle) and {@code b} [n, m] with X, both row-major. The
     * rows below each pivot are independent, and so are the columns of B, so the pool shares both out.
     *
     * @throws ArithmeticException when A is not positive definite
     */
    static void solveInPlace(double[] a, int n, double[] b, int m, ComputePool pool) {
        for (int j = 0; j < n; j++) {
            double diagonal = a[j * n + j] - dot(a, j * n, j * n, j);
            if (!(diagonal > 0)) {
                throw new ArithmeticException("Matrix is not positive definite at column " + j);
            }
            double pivot = Math.sqrt(diagonal);
            a[j * n + j] = pivot;
            int column = j;
            int below = n - j - 1;
            pool.parallelFor(Math.ceilDiv(below, ROWS_PER_TASK), task -> {
                int end = Math.min(n, column + 1 + (task + 1) * ROWS_PER_TASK);
                for (int i = column + 1 + task * ROWS_PER_TASK; i < end; i++) {
                    a[i * n + column] = (a[i * n + column] - dot(a, i * n, column * n, column)) / pivot;
                }
            });
        }
        pool.parallelFor(Math.ceilDiv(m, COLUMNS_PER_TASK), task -> {
            int from = task * COLUMNS_PER_TASK;
            substitute(a, n, b, m, from, Math.min(m, from + COLUMNS_PER_TASK));
        });
    }

    /** L·Z = B forward, then Lᵀ·X = Z backward, on columns [from, to) of B, row by row. */
    private static void substitute(double[] a, int n, double[] b, int m, int from, int to) {
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < i; k++) {
                axpy(-a[i * n + k], b, k * m + from, i * m + from, to - from);
            }
            scale(b, i * m + from, to - from, 1 / a[i * n + i]);
        }
        for (int i = n - 1; i >= 0; i--) {
            scale(b, i * m + from, to - from, 1 / a[i * n + i]);
            for (int k = 0; k < i; k++) {
                axpy(-a[i * n + k], b, i * m + from, k * m + from, to - from);
            }
        }
    }

    /** Four running sums, as one would wait on each add: the JIT does not reorder floating-point sums. */
    private static double dot(double[] a, int row1, int row2, int length) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < length; k += 4) {
            s0 += a[row1 + k] * a[row2 + k];
            s1 += a[row1 + k + 1] * a[row2 + k + 1];
            s2 += a[row1 + k + 2] * a[row2 + k + 2];
            s3 += a[row1 + k + 3] * a[row2 + k + 3];
        }
        for (; k < length; k++) {
            s0 += a[row1 + k] * a[row2 + k];
        }
        return (s0 + s1) + (s2 + s3);
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
