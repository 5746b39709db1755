package io.github.espalier.compiler.search;

import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.exec.linalg.Gemm;
import io.github.espalier.runtime.exec.linalg.Gemms;
import io.github.espalier.runtime.exec.linalg.PackedMatrix;

/**
 * Xᵀ·X and Xᵀ·Y for one tall row-major X, on the runtime's GEMM: the statistics behind importance and repair.
 * X is transposed once, for every product taken of it.
 */
final class Products {
    /** One panel of result rows per task, so a task of the Gram matrix starts at its own diagonal panel. */
    private static final int ROWS_PER_TASK = PackedMatrix.PANEL;

    private final float[] x;
    private final float[] xt;
    private final int rows;
    private final int cols;

    /** For X [rows, cols], row-major. */
    Products(float[] x, int rows, int cols) {
        this.x = x;
        this.rows = rows;
        this.cols = cols;
        this.xt = new float[cols * rows];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                xt[c * rows + r] = x[r * cols + c];
            }
        }
    }

    /** Xᵀ·Y for Y [rows, yCols], row-major, as row-major [cols, yCols]. */
    float[] transposedTimes(float[] y, int yCols, ComputePool pool) {
        return multiply(false, PackedMatrix.pack(y, rows, yCols), pool);
    }

    /**
     * Xᵀ·X, [cols, cols]: only the tiles on and above the diagonal are multiplied and mirrored below, as the
     * Gram matrices of repair are most of its time.
     */
    float[] gram(ComputePool pool) {
        float[] gram = multiply(true, PackedMatrix.pack(x, rows, cols), pool);
        for (int i = 0; i < cols; i++) {
            for (int j = 0; j < i; j++) {
                gram[i * cols + j] = gram[j * cols + i];
            }
        }
        return gram;
    }

    /** Xᵀ·Y from Xᵀ; with {@code upperOnly}, each task skips the panels left of its diagonal. */
    private float[] multiply(boolean upperOnly, PackedMatrix packed, ComputePool pool) {
        float[] result = new float[cols * packed.n()];
        Gemm gemm = Gemms.preferred();
        pool.parallelFor(
                Math.ceilDiv(cols, ROWS_PER_TASK),
                task -> gemm.multiply(
                        xt,
                        packed,
                        result,
                        task * ROWS_PER_TASK,
                        Math.min(cols, (task + 1) * ROWS_PER_TASK),
                        upperOnly ? task : 0,
                        packed.panelCount()));
        return result;
    }
}
