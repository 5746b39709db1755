package io.github.espalier.compiler.search;

import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.exec.linalg.Gemm;
import io.github.espalier.runtime.exec.linalg.Gemms;
import io.github.espalier.runtime.exec.linalg.PackedMatrix;

/** Xᵀ·Y for tall row-major matrices, on the runtime's GEMM: the statistics behind importance and repair. */
final class Products {
    /** One panel of result rows per task, so a task of the Gram matrix starts at its own diagonal panel. */
    private static final int ROWS_PER_TASK = PackedMatrix.PANEL;

    private Products() {}

    /** Xᵀ·Y for X [rows, xCols] and Y [rows, yCols], both row-major, as row-major [xCols, yCols]. */
    static float[] transposedTimes(float[] x, int rows, int xCols, float[] y, int yCols, ComputePool pool) {
        return multiply(transpose(x, rows, xCols), xCols, false, PackedMatrix.pack(y, rows, yCols), pool);
    }

    /**
     * Xᵀ·X, [cols, cols]: only the tiles on and above the diagonal are multiplied and mirrored below, as the
     * Gram matrices of repair are most of its time.
     */
    static float[] gram(float[] x, int rows, int cols, ComputePool pool) {
        float[] gram = multiply(transpose(x, rows, cols), cols, true, PackedMatrix.pack(x, rows, cols), pool);
        for (int i = 0; i < cols; i++) {
            for (int j = 0; j < i; j++) {
                gram[i * cols + j] = gram[j * cols + i];
            }
        }
        return gram;
    }

    /** Xᵀ·Y from Xᵀ; with {@code upperOnly}, each task skips the panels left of its diagonal. */
    private static float[] multiply(float[] xt, int xCols, boolean upperOnly, PackedMatrix packed, ComputePool pool) {
        float[] result = new float[xCols * packed.n()];
        Gemm gemm = Gemms.preferred();
        pool.parallelFor(
                (xCols + ROWS_PER_TASK - 1) / ROWS_PER_TASK,
                task -> gemm.multiply(
                        xt,
                        packed,
                        result,
                        task * ROWS_PER_TASK,
                        Math.min(xCols, (task + 1) * ROWS_PER_TASK),
                        upperOnly ? task : 0,
                        packed.panelCount()));
        return result;
    }

    private static float[] transpose(float[] x, int rows, int cols) {
        float[] xt = new float[cols * rows];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                xt[c * rows + r] = x[r * cols + c];
            }
        }
        return xt;
    }
}
