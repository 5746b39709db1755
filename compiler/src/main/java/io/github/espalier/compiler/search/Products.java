package io.github.espalier.compiler.search;

import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.exec.linalg.Gemm;
import io.github.espalier.runtime.exec.linalg.Gemms;
import io.github.espalier.runtime.exec.linalg.PackedMatrix;

/** Xᵀ·Y for tall row-major matrices, on the runtime's GEMM: the statistics behind importance and repair. */
final class Products {
    private static final int ROWS_PER_TASK = 32;

    private Products() {}

    /**
     * Xᵀ·Y for X [rows, xCols] and Y [rows, yCols], both row-major, as row-major [xCols, yCols].
     */
    static float[] transposedTimes(float[] x, int rows, int xCols, float[] y, int yCols, ComputePool pool) {
        float[] xt = new float[xCols * rows];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < xCols; c++) {
                xt[c * rows + r] = x[r * xCols + c];
            }
        }
        PackedMatrix packed = PackedMatrix.pack(y, rows, yCols);
        float[] result = new float[xCols * yCols];
        Gemm gemm = Gemms.preferred();
        int tasks = (xCols + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        pool.parallelFor(
                tasks,
                task -> gemm.multiply(
                        xt,
                        packed,
                        result,
                        task * ROWS_PER_TASK,
                        Math.min(xCols, (task + 1) * ROWS_PER_TASK),
                        0,
                        packed.panelCount()));
        return result;
    }
}
