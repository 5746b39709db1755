package io.github.espalier.compiler.search;

import io.github.espalier.compiler.search.MultiplySubtract.Strided;
import io.github.espalier.runtime.exec.ComputePool;

/**
 * Solves A·X = B for a symmetric positive definite A, by Cholesky factorization A = L·Lᵀ, in blocks: all but
 * the small triangles on the diagonal is {@link MultiplySubtract}, whose sums stay in registers. (Unblocked,
 * a row of B reloaded and stored for each entry of L, the solve for MiniLM's FFN down projection, n = 1536 and
 * 384 right sides, took 0.65 s of every repaired layer's ~3 s.)
 */
final class Cholesky {
    /** Rows of L a block: the diagonal triangles are solved entry by entry, everything else as products. */
    private static final int BLOCK = 64;
    /** Columns of B per task in the substitutions, which run independently column by column. */
    private static final int COLUMNS_PER_TASK = 64;

    private static final MultiplySubtract KERNEL = MultiplySubtract.best();

    private Cholesky() {}

    /**
     * Overwrites {@code a} [n, n] with L (lower triangle; the upper one is left undefined) and {@code b} [n, m]
     * with X, both row-major. The row blocks below each diagonal block are independent, and so are the
     * columns of B, so the pool shares both out.
     *
     * @throws ArithmeticException when A is not positive definite
     */
    static void solveInPlace(double[] a, int n, double[] b, int m, ComputePool pool) {
        factor(a, n, pool);
        double[] upper = transposed(a, n, 0, n, 0, n);
        pool.parallelFor(Math.ceilDiv(m, COLUMNS_PER_TASK), task -> {
            int from = task * COLUMNS_PER_TASK;
            int to = Math.min(m, from + COLUMNS_PER_TASK);
            forward(a, n, b, m, from, to);
            backward(upper, n, b, m, from, to);
        });
    }

    /**
     * Right-looking: factors a diagonal block, solves the rows below it against it, and subtracts that panel
     * times its transpose from the lower triangle still to be factored.
     */
    private static void factor(double[] a, int n, ComputePool pool) {
        Strided l = new Strided(a, 0, n);
        for (int j0 = 0; j0 < n; j0 += BLOCK) {
            int j1 = Math.min(n, j0 + BLOCK);
            factorDiagonal(a, n, j0, j1);
            int below = n - j1;
            if (below == 0) {
                return;
            }
            int start = j0;
            int blocks = Math.ceilDiv(below, BLOCK);
            pool.parallelFor(blocks, task -> {
                for (int i = j1 + task * BLOCK; i < Math.min(n, j1 + (task + 1) * BLOCK); i++) {
                    solvePanelRow(a, n, start, j1, i);
                }
            });
            double[] panel = transposed(a, n, j1, n, j0, j1);
            pool.parallelFor(blocks, task -> {
                int r0 = j1 + task * BLOCK;
                int r1 = Math.min(n, r0 + BLOCK);
                KERNEL.apply(l.at(r0, start), new Strided(panel, 0, below), l.at(r0, j1), r1 - r0, j1 - start, r1 - j1);
            });
        }
    }

    /** The Cholesky factor of the diagonal block [j0, j1), whose earlier columns are already subtracted. */
    private static void factorDiagonal(double[] a, int n, int j0, int j1) {
        for (int j = j0; j < j1; j++) {
            double diagonal = a[j * n + j] - dot(a, j * n + j0, j * n + j0, j - j0);
            if (!(diagonal > 0)) {
                throw new ArithmeticException("Matrix is not positive definite at column " + j);
            }
            double pivot = Math.sqrt(diagonal);
            a[j * n + j] = pivot;
            for (int i = j + 1; i < j1; i++) {
                a[i * n + j] = (a[i * n + j] - dot(a, i * n + j0, j * n + j0, j - j0)) / pivot;
            }
        }
    }

    /** Row i of the panel below the diagonal block [j0, j1): solves it against that block's factor. */
    private static void solvePanelRow(double[] a, int n, int j0, int j1, int i) {
        for (int j = j0; j < j1; j++) {
            a[i * n + j] = (a[i * n + j] - dot(a, i * n + j0, j * n + j0, j - j0)) / a[j * n + j];
        }
    }

    /** L·Z = B on columns [from, to) of B: each row block less the product of the rows solved before it. */
    private static void forward(double[] l, int n, double[] b, int m, int from, int to) {
        int width = to - from;
        Strided z = new Strided(b, from, m);
        for (int i0 = 0; i0 < n; i0 += BLOCK) {
            int i1 = Math.min(n, i0 + BLOCK);
            KERNEL.apply(new Strided(l, i0 * n, n), z, z.at(i0, 0), i1 - i0, i0, width);
            for (int i = i0; i < i1; i++) {
                for (int k = i0; k < i; k++) {
                    axpy(-l[i * n + k], b, k * m + from, i * m + from, width);
                }
                scale(b, i * m + from, width, 1 / l[i * n + i]);
            }
        }
    }

    /** Lᵀ·X = Z on columns [from, to) of B, from the last row block up; {@code upper} is Lᵀ, row-major. */
    private static void backward(double[] upper, int n, double[] b, int m, int from, int to) {
        int width = to - from;
        Strided x = new Strided(b, from, m);
        for (int i0 = (n - 1) / BLOCK * BLOCK; i0 >= 0; i0 -= BLOCK) {
            int i1 = Math.min(n, i0 + BLOCK);
            KERNEL.apply(new Strided(upper, i0 * n + i1, n), x.at(i1, 0), x.at(i0, 0), i1 - i0, n - i1, width);
            for (int i = i1 - 1; i >= i0; i--) {
                for (int k = i + 1; k < i1; k++) {
                    axpy(-upper[i * n + k], b, k * m + from, i * m + from, width);
                }
                scale(b, i * m + from, width, 1 / upper[i * n + i]);
            }
        }
    }

    /** Rows [r0, r1) by columns [c0, c1) of the n-wide {@code a}, transposed into a new [c1 − c0, r1 − r0]. */
    private static double[] transposed(double[] a, int n, int r0, int r1, int c0, int c1) {
        int rows = r1 - r0;
        double[] t = new double[(c1 - c0) * rows];
        for (int r = r0; r < r1; r++) {
            for (int c = c0; c < c1; c++) {
                t[(c - c0) * rows + r - r0] = a[r * n + c];
            }
        }
        return t;
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
