package io.github.espalier.compiler.distill;

import io.github.espalier.runtime.exec.ComputePool;
import io.github.espalier.runtime.exec.linalg.Gemm;
import io.github.espalier.runtime.exec.linalg.GemmTiles;
import io.github.espalier.runtime.exec.linalg.Gemms;
import io.github.espalier.runtime.exec.linalg.PackedMatrix;
import java.util.Arrays;
import java.util.function.ObjIntConsumer;

/**
 * The three matrix products of training, on the runtime's GEMM micro-kernels: {@code x·W + b} (forward),
 * {@code dy·Wᵀ} (input gradients) and {@code xᵀ·dy} (weight gradients, the bias's with them). Each becomes
 * C = A·B with B packed, tiled over the pool; every element of C is computed by one tile in a fixed order, so
 * results do not depend on the thread count.
 */
final class MatrixProducts {
    /** Columns of the input each transpose task copies: few enough streams for the cache, enough tasks. */
    private static final int TRANSPOSE_BLOCK = 64;

    private final ComputePool pool;
    private final Gemm gemm = Gemms.preferred();

    MatrixProducts(ComputePool pool) {
        this.pool = pool;
    }

    /**
     * B [k, n] packed for {@link #times}, panels spread over the pool: weights change every step, so they are
     * packed every step, and serially that left the other threads idle for a tenth of a small batch's step.
     */
    PackedMatrix pack(float[] b, int k, int n) {
        requireLength("B", b, k, n);
        return packedByPanels(k, n, (packed, panel) -> PackedMatrix.packRows(b, 0, n, k, n, packed, panel, panel + 1));
    }

    /** Bᵀ [k, n] packed for {@link #times} straight from a row-major B [n, k], with no transposed copy. */
    PackedMatrix packTransposed(float[] b, int n, int k) {
        requireLength("B", b, n, k);
        return packedByPanels(
                k, n, (packed, panel) -> PackedMatrix.packColumns(b, 0, k, k, n, packed, panel, panel + 1));
    }

    /** A [m, k] · B [k, n], plus bias [n] on every row where given, added as each tile is stored. */
    float[] times(float[] a, int m, PackedMatrix b, float[] bias) {
        requireLength("A", a, m, b.k());
        float[] c = new float[Math.multiplyExact(m, b.n())];
        GemmTiles.forEach(
                pool,
                m,
                b.panelCount(),
                (rowStart, rowEnd, panelStart, panelEnd) ->
                        gemm.multiply(a, b, bias, c, rowStart, rowEnd, panelStart, panelEnd));
        return c;
    }

    /**
     * x [rows, cols] transposed for {@link #addGradients}, by blocks of columns, with a row of ones under it:
     * [cols + 1, rows]. The same input of several layers (query, key and value) is transposed once for all.
     */
    TransposedInput transposeWithOnes(float[] x, int rows, int cols) {
        requireLength("the matrix to transpose", x, rows, cols);
        float[] transposed = new float[(cols + 1) * rows];
        Arrays.fill(transposed, cols * rows, transposed.length, 1f);
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
        return new TransposedInput(transposed, rows, cols);
    }

    /**
     * The weight and bias gradients of y = x·W + b in one product: W' [k, n] += xᵀ·dy and b' [n] += the column
     * sums of dy, which the row of ones under xᵀ makes the product's last row. Adds, as gradients accumulate.
     */
    void addGradients(TransposedInput x, float[] dy, int n, float[] weightGradient, float[] biasGradient) {
        int m = x.rows();
        int k = x.cols();
        requireLength("the weight gradient", weightGradient, k, n);
        requireLength("the bias gradient", biasGradient, 1, n);
        PackedMatrix packed = pack(dy, m, n);
        float[] product = new float[(k + 1) * n];
        GemmTiles.forEach(pool, k + 1, packed.panelCount(), (rowStart, rowEnd, panelStart, panelEnd) -> {
            gemm.multiply(x.withOnes(), packed, product, rowStart, rowEnd, panelStart, panelEnd);
            int colStart = panelStart * PackedMatrix.PANEL;
            int colEnd = Math.min(n, panelEnd * PackedMatrix.PANEL);
            for (int i = rowStart; i < rowEnd; i++) {
                float[] target = i < k ? weightGradient : biasGradient;
                int offset = i < k ? i * n : 0;
                for (int j = colStart; j < colEnd; j++) {
                    target[offset + j] += product[i * n + j];
                }
            }
        });
    }

    /** A packed [k, n] matrix whose panels {@code packPanel} writes, one task per panel. */
    private PackedMatrix packedByPanels(int k, int n, ObjIntConsumer<float[]> packPanel) {
        float[] packed = new float[PackedMatrix.packedLength(k, n)];
        pool.parallelFor(PackedMatrix.panelCount(n), panel -> packPanel.accept(packed, panel));
        return new PackedMatrix(packed, k, n);
    }

    /**
     * An input [rows, cols] transposed, with a row of ones under it ({@link #transposeWithOnes}).
     *
     * @param withOnes [cols + 1, rows], row-major
     */
    record TransposedInput(float[] withOnes, int rows, int cols) {}

    private static void requireLength(String what, float[] x, int rows, int cols) {
        if (x.length != (long) rows * cols) {
            throw new IllegalArgumentException(
                    what + " has " + x.length + " elements, expected " + rows + " x " + cols);
        }
    }
}
