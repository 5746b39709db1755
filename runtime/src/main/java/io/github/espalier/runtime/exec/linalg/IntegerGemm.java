package io.github.espalier.runtime.exec.linalg;

import io.github.espalier.runtime.exec.ExecutionContext;
import io.github.espalier.runtime.exec.TensorArena;
import io.github.espalier.runtime.tensor.DType;
import io.github.espalier.runtime.tensor.Tensor;

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
     * Writes A · B to {@code c[cOffset ...]} (row stride N), for A [m, K] row-major with values in [-255, 255].
     * Its working arrays come from the run's arena and go back to it.
     */
    public void multiply(float[] a, int m, IntegerPanels b, int[] c, int cOffset, ExecutionContext context) {
        PackedMatrix[] blocks = b.blocks();
        TensorArena arena = context.arena();
        Tensor[] scratch = new Tensor[blocks.length + 1];
        float[][] aBlocks = new float[blocks.length][];
        if (blocks.length == 1) {
            aBlocks[0] = a;
        } else {
            int from = 0;
            for (int block = 0; block < blocks.length; block++) {
                scratch[block + 1] = arena.output(DType.FLOAT, m, blocks[block].k());
                aBlocks[block] = columns(a, m, b.k(), from, blocks[block].k(), scratch[block + 1].heapFloats());
                from += blocks[block].k();
            }
        }
        int n = b.n();
        scratch[0] = arena.output(DType.FLOAT, m, n);
        float[] partial = scratch[0].heapFloats();
        GemmTiles.forEach(context.pool(), m, b.panelCount(), (rowStart, rowEnd, panelStart, panelEnd) -> {
            int colStart = panelStart * PackedMatrix.PANEL;
            int colEnd = Math.min(n, panelEnd * PackedMatrix.PANEL);
            for (int block = 0; block < blocks.length; block++) {
                gemm.multiply(aBlocks[block], blocks[block], partial, rowStart, rowEnd, panelStart, panelEnd);
                for (int i = rowStart; i < rowEnd; i++) {
                    int row = i * n;
                    for (int j = colStart; j < colEnd; j++) {
                        int value = (int) partial[row + j];
                        c[cOffset + row + j] = block == 0 ? value : c[cOffset + row + j] + value;
                    }
                }
            }
        });
        for (Tensor used : scratch) {
            arena.recycle(used);
        }
    }

    /** Columns {@code [from, from + width)} of A [m, k], row-major into {@code into} [m, width]. */
    private static float[] columns(float[] a, int m, int k, int from, int width, float[] into) {
        for (int i = 0; i < m; i++) {
            System.arraycopy(a, i * k + from, into, i * width, width);
        }
        return into;
    }

    public String describe() {
        return "integer on float " + gemm.describe();
    }
}
