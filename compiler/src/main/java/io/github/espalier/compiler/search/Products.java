package io.github.espalier.compiler.search;

import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.exec.linalg.Gemm;
import io.github.espalier.runtime.exec.linalg.Gemms;
import io.github.espalier.runtime.exec.linalg.PackedMatrix;

/**
 * Xᵀ·X and Xᵀ·Y for one tall row-major X, on the runtime's GEMM: the statistics behind importance and repair.
 * X is transposed once, for every product taken of it, in blocks of {@value #ROWS_PER_BLOCK} rows whose partial
 * products are summed: over all of X's rows at once (about 11,000 tokens of calibration text), every 12-row step
 * of the micro-kernel read its whole panel of Y (1.4 MB) from memory, where a block's panel (64 KiB) stays in
 * the core's cache for all of them.
 */
final class Products {
    /** One panel of result rows per task, so a task of the Gram matrix starts at its own diagonal panel. */
    private static final int ROWS_PER_TASK = PackedMatrix.PANEL;

    private static final int ROWS_PER_BLOCK = 512;
    private static final int TRANSPOSE_TILE = 16;

    /** Xᵀ by blocks of X's rows: block b is [cols, rows of the block], row-major. */
    private final float[][] transposedBlocks;

    private final float[] x;
    private final int rows;
    private final int cols;

    /** For X [rows, cols], row-major. */
    Products(float[] x, int rows, int cols) {
        this.x = x;
        this.rows = rows;
        this.cols = cols;
        this.transposedBlocks = new float[Math.ceilDiv(rows, ROWS_PER_BLOCK)][];
        for (int b = 0; b < transposedBlocks.length; b++) {
            int first = b * ROWS_PER_BLOCK;
            int blockRows = blockRows(b);
            transposedBlocks[b] = transposed(x, first, blockRows, cols);
        }
    }

    /** Xᵀ·Y for Y [rows, yCols], row-major, as row-major [cols, yCols]. */
    float[] transposedTimes(float[] y, int yCols, ComputePool pool) {
        return multiply(false, y, yCols, pool);
    }

    /**
     * Xᵀ·X, [cols, cols]: only the tiles on and above the diagonal are multiplied and mirrored below, as the
     * Gram matrices of repair are most of its time.
     */
    float[] gram(ComputePool pool) {
        float[] gram = multiply(true, x, cols, pool);
        for (int i = 0; i < cols; i++) {
            for (int j = 0; j < i; j++) {
                gram[i * cols + j] = gram[j * cols + i];
            }
        }
        return gram;
    }

    /** Xᵀ·Y, block by block; with {@code upperOnly}, each task skips the panels left of its diagonal. */
    private float[] multiply(boolean upperOnly, float[] y, int yCols, ComputePool pool) {
        float[] result = new float[cols * yCols];
        float[] partial = new float[cols * yCols];
        Gemm gemm = Gemms.preferred();
        for (int b = 0; b < transposedBlocks.length; b++) {
            int blockRows = blockRows(b);
            float[] packedY = new float[PackedMatrix.packedLength(blockRows, yCols)];
            PackedMatrix.packRows(y, b * ROWS_PER_BLOCK * yCols, yCols, blockRows, yCols, packedY);
            PackedMatrix packed = new PackedMatrix(packedY, blockRows, yCols);
            float[] block = transposedBlocks[b];
            boolean first = b == 0;
            pool.parallelFor(Math.ceilDiv(cols, ROWS_PER_TASK), task -> {
                int rowStart = task * ROWS_PER_TASK;
                int rowEnd = Math.min(cols, rowStart + ROWS_PER_TASK);
                int firstPanel = upperOnly ? task : 0;
                gemm.multiply(
                        block, packed, first ? result : partial, rowStart, rowEnd, firstPanel, packed.panelCount());
                if (!first) {
                    for (int i = rowStart; i < rowEnd; i++) {
                        for (int j = i * yCols + firstPanel * PackedMatrix.PANEL; j < (i + 1) * yCols; j++) {
                            result[j] += partial[j];
                        }
                    }
                }
            });
        }
        return result;
    }

    /**
     * Rows {@code [first, first + count)} of X, transposed tile by tile: row by row, each row's writes went to
     * as many cache lines as X has columns, and the transposition took as long as the Gram matrix.
     */
    private static float[] transposed(float[] x, int first, int count, int cols) {
        float[] block = new float[cols * count];
        for (int r0 = 0; r0 < count; r0 += TRANSPOSE_TILE) {
            for (int c0 = 0; c0 < cols; c0 += TRANSPOSE_TILE) {
                for (int r = r0; r < Math.min(count, r0 + TRANSPOSE_TILE); r++) {
                    for (int c = c0; c < Math.min(cols, c0 + TRANSPOSE_TILE); c++) {
                        block[c * count + r] = x[(first + r) * cols + c];
                    }
                }
            }
        }
        return block;
    }

    private int blockRows(int block) {
        return Math.min(ROWS_PER_BLOCK, rows - block * ROWS_PER_BLOCK);
    }
}
