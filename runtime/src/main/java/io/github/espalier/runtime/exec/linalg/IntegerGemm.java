package io.github.espalier.runtime.exec.linalg;

import io.github.espalier.runtime.exec.ComputePool;

/**
 * Integer matrix products (MatMulInteger) on the float GEMM's micro-kernels: A and B hold small integers
 * as floats, each block of {@link IntegerPanels} keeps every partial sum within 2^24, so the float results
 * are exact integers, converted and summed into the int32 result. Several times faster than int loops,
 * which the Vector API cannot turn into widening multiply-adds.
 */
public final class IntegerGemm {
    private final Gemm gemm;

    public IntegerGemm(Gemm gemm) {
        this.gemm = gemm;
    }

    /**
     * Adds A · B to {@code c[cOffset ...]} (row stride N), for A [m, K] row-major with values in [-255, 255].
     */
    public void multiply(float[] a, int m, IntegerPanels b, int[] c, int cOffset, ComputePool pool) {
        PackedMatrix[] blocks = b.blocks();
        float[][] aBlocks = blocks.length == 1 ? new float[][] {a} : columnBlocks(a, m, b);
        int n = b.n();
        float[] partial = new float[m * n];
        GemmTiles.forEach(pool, m, b.panelCount(), (rowStart, rowEnd, panelStart, panelEnd) -> {
            int colStart = panelStart * PackedMatrix.PANEL;
            int colEnd = Math.min(n, panelEnd * PackedMatrix.PANEL);
            for (int block = 0; block < blocks.length; block++) {
                gemm.multiply(aBlocks[block], blocks[block], partial, rowStart, rowEnd, panelStart, panelEnd);
                for (int i = rowStart; i < rowEnd; i++) {
                    int row = i * n;
                    for (int j = colStart; j < colEnd; j++) {
                        c[cOffset + row + j] += (int) partial[row + j];
                    }
                }
            }
        });
    }

    /** A's columns cut like B's row blocks, each block row-major [m, block rows]. */
    private static float[][] columnBlocks(float[] a, int m, IntegerPanels b) {
        PackedMatrix[] blocks = b.blocks();
        float[][] split = new float[blocks.length][];
        int from = 0;
        for (int block = 0; block < blocks.length; block++) {
            int width = blocks[block].k();
            float[] columns = new float[m * width];
            for (int i = 0; i < m; i++) {
                System.arraycopy(a, i * b.k() + from, columns, i * width, width);
            }
            split[block] = columns;
            from += width;
        }
        return split;
    }

    public String describe() {
        return "integer on float " + gemm.describe();
    }
}
