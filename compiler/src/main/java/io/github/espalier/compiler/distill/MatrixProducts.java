package io.github.espalier.compiler.distill;

import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.exec.linalg.Gemm;
import io.github.espalier.runtime.exec.linalg.GemmTiles;
import io.github.espalier.runtime.exec.linalg.Gemms;
import io.github.espalier.runtime.exec.linalg.PackedMatrix;
import java.util.function.ObjIntConsumer;

/**
 * The three matrix products of training, on the runtime's GEMM micro-kernels: {@code x·W} (forward),
 * {@code dy·Wᵀ} (input gradients) and {@code xᵀ·dy} (weight gradients). Each becomes C = A·B with B packed,
 * tiled over the pool; every element of C is computed by one tile in a fixed order, so results do not depend
 * on the thread count.
 */
final class MatrixProducts {
    /** Columns of the input each transpose task copies: few enough streams for the cache, enough tasks. */
    private static final int TRANSPOSE_BLOCK = 64;

    private final ComputePool pool;
    private final Gemm gemm = Gemms.preferred();

    MatrixProducts(ComputePool pool) {
        this.pool = pool;
    }

    /** A [m, k] · B [k, n], both row-major. */
    float[] times(float[] a, int m, int k, float[] b, int n) {
        return multiply(a, m, k, packed(b, k, n));
    }

    /** A [m, k] · Bᵀ for a row-major B [n, k]: Bᵀ is packed straight from B, with no transposed copy. */
    float[] timesTransposed(float[] a, int m, int k, float[] b, int n) {
        requireLength("B", b, n, k);
        return multiply(
                a,
                m,
                k,
                packedByPanels(
                        k, n, (packed, panel) -> PackedMatrix.packColumns(b, 0, k, k, n, packed, panel, panel + 1)));
    }

    /** C [k, n] += Aᵀ · B for row-major A [m, k] and B [m, n]: adds, as weight gradients accumulate. */
    void addTransposedTimes(float[] a, int m, int k, float[] b, int n, float[] c) {
        requireLength("C", c, k, n);
        requireLength("A", a, m, k);
        float[] transposed = transpose(a, m, k);
        PackedMatrix packed = packed(b, m, n);
        float[] product = new float[c.length];
        GemmTiles.forEach(pool, k, packed.panelCount(), (rowStart, rowEnd, panelStart, panelEnd) -> {
            gemm.multiply(transposed, packed, product, rowStart, rowEnd, panelStart, panelEnd);
            int colStart = panelStart * PackedMatrix.PANEL;
            int colEnd = Math.min(n, panelEnd * PackedMatrix.PANEL);
            for (int i = rowStart; i < rowEnd; i++) {
                for (int j = i * n + colStart; j < i * n + colEnd; j++) {
                    c[j] += product[j];
                }
            }
        });
    }

    /**
     * B [k, n] packed for the GEMM, panels spread over the pool: weights change every step, so they are
     * packed every step, and serially that left the other threads idle for a tenth of a small batch's step.
     */
    private PackedMatrix packed(float[] b, int k, int n) {
        requireLength("B", b, k, n);
        return packedByPanels(k, n, (packed, panel) -> PackedMatrix.packRows(b, 0, n, k, n, packed, panel, panel + 1));
    }

    /** A packed [k, n] matrix whose panels {@code packPanel} writes, one task per panel. */
    private PackedMatrix packedByPanels(int k, int n, ObjIntConsumer<float[]> packPanel) {
        float[] packed = new float[PackedMatrix.packedLength(k, n)];
        pool.parallelFor(PackedMatrix.panelCount(n), panel -> packPanel.accept(packed, panel));
        return new PackedMatrix(packed, k, n);
    }

    private float[] multiply(float[] a, int m, int k, PackedMatrix b) {
        requireLength("A", a, m, k);
        float[] c = new float[Math.multiplyExact(m, b.n())];
        GemmTiles.forEach(
                pool,
                m,
                b.panelCount(),
                (rowStart, rowEnd, panelStart, panelEnd) ->
                        gemm.multiply(a, b, c, rowStart, rowEnd, panelStart, panelEnd));
        return c;
    }

    /** The row-major [cols, rows] transpose of a row-major [rows, cols] matrix, by blocks of columns. */
    private float[] transpose(float[] x, int rows, int cols) {
        requireLength("the matrix to transpose", x, rows, cols);
        float[] transposed = new float[x.length];
        pool.parallelFor((cols + TRANSPOSE_BLOCK - 1) / TRANSPOSE_BLOCK, block -> {
            int colStart = block * TRANSPOSE_BLOCK;
            int colEnd = Math.min(cols, colStart + TRANSPOSE_BLOCK);
            // Square tiles: each output row of the block is written in runs of a tile, not one float at a time.
            for (int rowStart = 0; rowStart < rows; rowStart += TRANSPOSE_BLOCK) {
                int rowEnd = Math.min(rows, rowStart + TRANSPOSE_BLOCK);
                for (int c = colStart; c < colEnd; c++) {
                    for (int r = rowStart; r < rowEnd; r++) {
                        transposed[c * rows + r] = x[r * cols + c];
                    }
                }
            }
        });
        return transposed;
    }

    private static void requireLength(String what, float[] x, int rows, int cols) {
        if (x.length != (long) rows * cols) {
            throw new IllegalArgumentException(
                    what + " has " + x.length + " elements, expected " + rows + " x " + cols);
        }
    }
}
